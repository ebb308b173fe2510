namespace RedDino.Pretraining.Config;

/// <summary>Range and consistency checks of a merged configuration; each error names its key and where
/// its value came from (<paramref name="sourceOf"/>: the file or "--set key=value"). Each setting's own
/// range is checked before the checks that involve two settings, so a bad value is blamed on its key.</summary>
internal static class PretrainConfigValidator
{
    public static void Validate(PretrainConfig c, Func<string, string> sourceOf)
    {
        void Require(bool ok, string key, string what)
        {
            if (!ok) throw new InvalidDataException($"{sourceOf(key)}: key '{key}' {what}");
        }

        Require(c.FormatVersion == 1, "format_version", $"is {c.FormatVersion}; this version reads 1");
        var s = c.Student;
        Require(s.EmbedDim > 0 && s.NumHeads > 0 && s.EmbedDim % s.NumHeads == 0, "student.num_heads", "must divide student.embed_dim");
        Require(s.Depth > 0, "student.depth", "must be positive");
        Require(s.PatchSize > 0, "student.patch_size", "must be positive");
        Require(s.MlpRatio > 0, "student.mlp_ratio", "must be positive");
        Require(s.DropPathRate is >= 0 and < 1, "student.drop_path_rate", "must be in [0, 1)");
        Require(!s.RequirePretrainedWeights || s.PretrainedWeights.Length > 0, "student.pretrained_weights",
            "is empty, but this configuration starts from pretrained weights (student.require_pretrained_weights is true): " +
            "set it to a DINOv2 checkpoint of the same size (e.g. dinov2_vits14_pretrain.pth from the official DINOv2 release) " +
            "or RedDino's weights from Hugging Face (see the README, \"Pretrain a backbone\"); to train from random weights use a " +
            "from-scratch configuration or --set student.require_pretrained_weights=false");

        var t = c.Teacher;
        Require(t.MomentumTeacher is >= 0 and <= 1, "teacher.momentum_teacher", "must be in [0, 1]");
        Require(t.FinalMomentumTeacher is >= 0 and <= 1, "teacher.final_momentum_teacher", "must be in [0, 1]");
        Require(t.TeacherTemp > 0, "teacher.teacher_temp", "must be positive");
        Require(t.WarmupTeacherTemp > 0, "teacher.warmup_teacher_temp", "must be positive");
        Require(t.WarmupTeacherTempEpochs >= 0, "teacher.warmup_teacher_temp_epochs", "must be >= 0");

        var d = c.Dino;
        Require(d.HeadNPrototypes > 1, "dino.head_n_prototypes", "must be at least 2");
        Require(d.HeadNlayers >= 2, "dino.head_nlayers", "must be at least 2");
        Require(d.HeadHiddenDim > 0 && d.HeadBottleneckDim > 0, "dino.head_hidden_dim", "and head_bottleneck_dim must be positive");
        Require(d.StudentTemp > 0, "dino.student_temp", "must be positive");
        Require(d.KoleoLossWeight >= 0, "dino.koleo_loss_weight", "must be >= 0");

        var i = c.Ibot;
        Require(i.MaskSampleProbability is >= 0 and <= 1, "ibot.mask_sample_probability", "must be in [0, 1]");
        Require(i.MaskRatioMinMax.Length == 2 && i.MaskRatioMinMax[0] >= 0 && i.MaskRatioMinMax[0] <= i.MaskRatioMinMax[1] && i.MaskRatioMinMax[1] <= 1,
            "ibot.mask_ratio_min_max", "must be [min, max] with 0 <= min <= max <= 1");
        Require(i.MaskMinAspect is > 0 and <= 1, "ibot.mask_min_aspect", "must be in (0, 1]");
        Require(i.MaskMinPatchesPerBlock >= 1, "ibot.mask_min_patches_per_block", "must be at least 1");

        var tr = c.Train;
        Require(tr.BatchSize >= 1, "train.batch_size", "must be positive");
        Require(tr.OfficialEpochLength >= 1, "train.official_epoch_length", "must be positive");
        Require(tr.NumWorkers >= 1, "train.num_workers", "must be at least 1");
        Require(tr.PrefetchBatches >= 1, "train.prefetch_batches", "must be at least 1");
        Require(tr.TorchThreads >= 0, "train.torch_threads", "must be >= 0 (0 = LibTorch's default)");
        Require(tr.CheckpointEvery >= 0, "train.checkpoint_every", "must be >= 0 (0 = final checkpoint only)");
        Require(tr.LogEvery >= 1, "train.log_every", "must be positive");
        // KoLeo compares the CLS tokens of a batch with each other: it needs two of them.
        Require(d.KoleoLossWeight == 0 || tr.BatchSize >= 2, "train.batch_size", $"must be at least 2 while dino.koleo_loss_weight is {d.KoleoLossWeight} (KoLeo needs two samples per batch)");

        var o = c.Optim;
        Require(o.Epochs >= 1, "optim.epochs", "must be positive");
        Require(o.BaseLr >= 0 && o.MinLr >= 0, "optim.base_lr", "and optim.min_lr must be >= 0");
        Require(o.WarmupEpochs >= 0 && c.EpochsToIterations(o.WarmupEpochs) <= c.TotalIterations, "optim.warmup_epochs", "must be within optim.epochs");
        Require(o.WeightDecay >= 0 && o.WeightDecayEnd >= 0, "optim.weight_decay", "and optim.weight_decay_end must be >= 0");
        Require(o.ClipGrad >= 0, "optim.clip_grad", "must be >= 0 (0 = off)");
        Require(o.FreezeLastLayerEpochs >= 0, "optim.freeze_last_layer_epochs", "must be >= 0");
        Require(o.PatchEmbedLrMult >= 0, "optim.patch_embed_lr_mult", "must be >= 0");
        Require(o.LayerwiseDecay is > 0 and <= 1, "optim.layerwise_decay", "must be in (0, 1]");
        Require(o.AdamwBeta1 is >= 0 and < 1, "optim.adamw_beta1", "must be in [0, 1)");
        Require(o.AdamwBeta2 is >= 0 and < 1, "optim.adamw_beta2", "must be in [0, 1)");

        var cr = c.Crops;
        Require(cr.GlobalCropsSize > 0 && cr.GlobalCropsSize % s.PatchSize == 0, "crops.global_crops_size", $"must be a multiple of student.patch_size ({s.PatchSize})");
        Require(cr.LocalCropsNumber >= 0, "crops.local_crops_number", "must be >= 0");
        Require(cr.LocalCropsSize > 0 && cr.LocalCropsSize % s.PatchSize == 0, "crops.local_crops_size", $"must be a multiple of student.patch_size ({s.PatchSize})");
        Require(IsScale(cr.GlobalCropsScale), "crops.global_crops_scale", "must be [min, max] with 0 < min <= max <= 1");
        Require(IsScale(cr.LocalCropsScale), "crops.local_crops_scale", "must be [min, max] with 0 < min <= max <= 1");
        Require(cr.CropRatio.Length == 2 && cr.CropRatio[0] > 0 && cr.CropRatio[0] <= cr.CropRatio[1], "crops.crop_ratio", "must be [min, max] with 0 < min <= max");

        var da = c.Data;
        Require(da.PatchSize > 0, "data.patch_size", "must be positive");
        Require(da.Source is DataSource.CellCrops or DataSource.SyntheticShapes || da.Images.Length > 0, "data.images", "must name a folder of smear images (data.source smear_patches or smear_cells)");
        Require(da.CellCropSize > 0, "data.cell_crop_size", "must be positive");
        Require(da.CellMinArea > 0 && da.CellMinArea <= da.CellMaxArea, "data.cell_min_area", "must be positive and at most data.cell_max_area");
        Require(da.Source != DataSource.CellCrops || da.Manifest.Length > 0, "data.manifest", "must name a manifest CSV (data.source cell_crops)");
        Require(da.SyntheticCount > 0, "data.synthetic_count", "must be positive");
        Require(da.SyntheticSize >= 8, "data.synthetic_size", "must be at least 8 pixels");

        var a = c.Augmentation;
        Require(a.TransformsPerCrop >= 0, "augmentation.transforms_per_crop", "must be >= 0");
        Require(a.FlipProbability is >= 0 and <= 1, "augmentation.flip_probability", "must be in [0, 1]");
        Require(a.Mean.Length == 3, "augmentation.mean", "must hold 3 values (RGB)");
        Require(a.Std.Length == 3 && a.Std.All(x => x > 0), "augmentation.std", "must hold 3 positive values (RGB)");
        Require(a.Pipeline != AugmentationPipeline.Rbc || a.RbcTransforms.Length > 0 || a.TransformsPerCrop == 0,
            "augmentation.rbc_transforms", "must list at least one transform");
        Require(a.RotationLimit is >= 0 and <= 180, "augmentation.rotation_limit", "must be in [0, 180] degrees");
        Require(a.ColorJitterProbability is >= 0 and <= 1, "augmentation.color_jitter_probability", "must be in [0, 1]");
        Require(a.ColorJitter.Length == 4 && a.ColorJitter.Take(3).All(x => x is >= 0 and < 1) && a.ColorJitter[3] is >= 0 and <= 0.5,
            "augmentation.color_jitter", "must hold 4 factors: brightness, contrast, saturation in [0, 1), hue in [0, 0.5]");
        Require(a.GrayscaleProbability is >= 0 and <= 1, "augmentation.grayscale_probability", "must be in [0, 1]");
        Require(a.InvarianceWarmupEpochs >= 0, "augmentation.invariance_warmup_epochs", "must be >= 0");

        var e = c.Eval;
        Require(e.RetrievalImages == 0 || e.RetrievalImages >= 2, "eval.retrieval_images", "must be 0 (off) or at least 2");
        Require(e.RetrievalBatchSize >= 1, "eval.retrieval_batch_size", "must be positive");
    }

    private static bool IsScale(double[] scale) => scale.Length == 2 && scale[0] > 0 && scale[0] <= scale[1] && scale[1] <= 1;
}
