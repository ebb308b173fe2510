using RedDino.MLNet.Visualization;

namespace RedDino.MLNet.Tests.Visualization;

/// <summary>Clustered test data: each cluster lies near its own random 3-D subspace of a D-dimensional space (so
/// a linear 2-D projection cannot keep the clusters' inner neighbourhoods), centres far apart.</summary>
internal static class SyntheticClusters
{
    /// <summary>[clusters * perCluster, dimension] row-major values and the cluster of each row.</summary>
    public static (float[] Values, int[] Labels) Make(int clusters, int perCluster, int dimension, long seed, double centreScale = 6)
    {
        var random = new VisualizationRandom(seed);
        var values = new float[clusters * perCluster * dimension];
        var labels = new int[clusters * perCluster];
        for (var c = 0; c < clusters; c++)
        {
            var centre = Enumerable.Range(0, dimension).Select(_ => random.NextNormal(centreScale)).ToArray();
            var axes = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, dimension).Select(_ => random.NextNormal(1)).ToArray()).ToArray();
            for (var p = 0; p < perCluster; p++)
            {
                var row = c * perCluster + p;
                labels[row] = c;
                var t = Enumerable.Range(0, 3).Select(_ => random.NextNormal(1)).ToArray();
                for (var d = 0; d < dimension; d++)
                    values[row * dimension + d] = (float)(centre[d] + t[0] * axes[0][d] + t[1] * axes[1][d] + t[2] * axes[2][d] + random.NextNormal(0.1));
            }
        }
        return (values, labels);
    }
}
