namespace RedDino.Backbone.Import;

/// <summary>The file format a checkpoint came in.</summary>
public enum CheckpointContainer
{
    /// <summary>Hugging Face safetensors (u64 header length, JSON header, raw data).</summary>
    Safetensors,

    /// <summary>PyTorch zip format written by torch.save (a pickle plus tensor storages).</summary>
    PyTorchZip,
}
