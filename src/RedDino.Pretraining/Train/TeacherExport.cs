using RedDino.Backbone.Export;
using RedDino.Backbone.Import;
using RedDino.Pretraining.Config;

namespace RedDino.Pretraining.Train;

/// <summary>Exports the teacher backbone (the model DINOv2 keeps) to ONNX per the contract: input
/// `pixel_values` [batch, 3, S, S] with S = crops.global_crops_size, output `embedding` (and
/// `patch_tokens`), reddino.* metadata with the augmentation's mean/std and, as source, the sha256
/// of the checkpoint's teacher.safetensors. Any checkpoint can also be exported on demand with
/// `reddino export --checkpoint DIR/checkpoints/iter_N/teacher.safetensors --image-size S`.</summary>
public static class TeacherExport
{
    public static long Export(SslModel teacher, PretrainConfig config, string checkpointFolder, string onnxPath)
    {
        var teacherFile = Path.Combine(checkpointFolder, "teacher.safetensors");
        return VitOnnxExporter.Export(teacher.Backbone, onnxPath, new OnnxExportOptions
        {
            ImageSize = config.Crops.GlobalCropsSize,
            SourceSha256 = File.Exists(teacherFile) ? CheckpointImporter.Sha256(teacherFile) : null,
            Mean = config.Augmentation.Mean,
            Std = config.Augmentation.Std,
        });
    }
}
