namespace RedDino.Pretraining.Train;

/// <summary>What the run reports after each iteration (the CLI prints a line from it).</summary>
/// <param name="RetrievalTop1">The teacher's view-retrieval top-1 measured after the checkpoint of this
/// iteration, or null (no checkpoint, or the signal is off).</param>
public sealed record TrainingProgress(long Iteration, long EndIteration, StepLosses Losses, double Lr,
    double ImagesPerSecond, TimeSpan Eta, string? CheckpointWritten, double? RetrievalTop1 = null);

/// <summary>A NaN or infinite loss: the run stops and the last checkpoint is kept. Bad settings (a learning
/// rate far too high) are its usual cause, so `reddino pretrain` reports it like bad input (exit code 1, the
/// message, no stack trace).</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
