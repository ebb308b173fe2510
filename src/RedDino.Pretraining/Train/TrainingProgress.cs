namespace RedDino.Pretraining.Train;

/// <summary>What the run reports after each iteration (the CLI prints a line from it).</summary>
public sealed record TrainingProgress(long Iteration, long EndIteration, StepLosses Losses, double Lr,
    double ImagesPerSecond, TimeSpan Eta, string? CheckpointWritten);

/// <summary>A NaN or infinite loss: the run stops and the last checkpoint is kept.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
