using System.Text.Json.Nodes;
using RedDino.Pretraining.Config;
using RedDino.Pretraining.Data;
using RedDino.Pretraining.Data.Augment;
using RedDino.Pretraining.Data.Sources;
using RedDino.Pretraining.Train;
using RedDino.Tests.Shared;

namespace RedDino.Pretraining.Tests.Support;

/// <summary>A tiny configuration (ViT of width 64, one head, depth 2 at 56 px, 64 prototypes, batch 4)
/// over the four 224 px cell images of tests/fixtures/backbone/images cut into 112 px patches, 4 of
/// them held out for the view-retrieval signal.</summary>
internal static class TinyTraining
{
    public static readonly string[] Settings =
    [
        "student.arch=custom", "student.embed_dim=64", "student.depth=2", "student.num_heads=1", "student.mlp_ratio=2",
        "student.layerscale=0.1",
        "dino.head_n_prototypes=64", "dino.head_hidden_dim=32", "dino.head_bottleneck_dim=16",
        "train.batch_size=4", "train.official_epoch_length=10", "train.num_workers=2", "train.checkpoint_every=3",
        "optim.epochs=2", "optim.warmup_epochs=0.2", "optim.base_lr=0.001", "optim.scaling_rule=none",
        "teacher.warmup_teacher_temp_epochs=1",
        "crops.global_crops_size=56", "crops.local_crops_number=2", "crops.local_crops_size=28",
        "data.patch_size=112",
        // 4 of the 16 patches held out for the view-retrieval signal (training samples the other 12).
        "eval.retrieval_images=4",
    ];

    public static (JsonObject Json, PretrainConfig Config) Config(params string[] extra) =>
        PretrainConfigLoader.Load(null, [.. Settings, $"data.images={RepoPaths.Fixture("backbone", "images")}", .. extra]);

}
