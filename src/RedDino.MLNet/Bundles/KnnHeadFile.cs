using RedDino.MLNet.Classifiers;

namespace RedDino.MLNet.Bundles;

/// <summary>knn.bin: a k-NN head. Little-endian layout:
/// magic "RDKNN\0\0\0" (8 bytes); int32 format version; int32 rows R; int32 dimension D; int32 classes K;
/// int32 k; int32 distance (0 Euclidean, 1 cosine); int32 weighting (0 uniform, 1 distance);
/// float32 references [R, D] row-major; int32 class ids [R] (0-based into bundle.json "classes").</summary>
/// <remarks>Format history: 1 = the layout above.</remarks>
internal static class KnnHeadFile
{
    public const int CurrentVersion = 1;
    private static readonly byte[] Magic = "RDKNN\0\0\0"u8.ToArray();

    public static byte[] Write(KNearestNeighborsModel model)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            foreach (var value in new[] { CurrentVersion, model.ReferenceCount, model.Dimension, model.ClassCount, model.NumberOfNeighbors,
                         (int)model.Distance, (int)model.Weighting })
                writer.Write(value);
            foreach (var v in model.References.Span) writer.Write(v);
            foreach (var id in model.ClassIds.Span) writer.Write(id);
        }
        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">Not a knn.bin, a newer version, or sizes that disagree (names <paramref name="source"/>).</exception>
    public static KNearestNeighborsModel Read(byte[] bytes, IReadOnlyList<string> classes, string source, bool tiesByName, NeighborSearchOptions? search = null)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
                throw new InvalidDataException($"{source}: not a RedDino k-NN head (bad magic)");
            var version = reader.ReadInt32();
            if (version > CurrentVersion)
                throw new InvalidDataException($"{source}: k-NN head format version {version} is newer than this RedDino.MLNet reads ({CurrentVersion}); update RedDino.MLNet");
            int rows = reader.ReadInt32(), dimension = reader.ReadInt32(), classCount = reader.ReadInt32(), k = reader.ReadInt32();
            var distance = (KnnDistance)reader.ReadInt32();
            var weighting = (KnnWeighting)reader.ReadInt32();
            if (rows < 1 || dimension < 1 || k < 1 || !Enum.IsDefined(distance) || !Enum.IsDefined(weighting))
                throw new InvalidDataException($"{source}: invalid header (rows {rows}, dimension {dimension}, k {k}, distance {(int)distance}, weighting {(int)weighting})");
            if (classCount != classes.Count)
                throw new InvalidDataException($"{source}: {classCount} classes, but bundle.json lists {classes.Count}");
            var expected = 8 + 7 * 4 + (long)rows * dimension * 4 + (long)rows * 4;
            if (bytes.Length != expected)
                throw new InvalidDataException($"{source}: {bytes.Length} bytes, expected {expected} for {rows} x {dimension}");
            var references = new float[rows * dimension];
            for (var i = 0; i < references.Length; i++) references[i] = reader.ReadSingle();
            var classIds = new int[rows];
            for (var i = 0; i < rows; i++) classIds[i] = reader.ReadInt32();
            return new KNearestNeighborsModel(references, classIds, dimension, classes, k, distance, weighting, search, tiesByName);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException)
        {
            throw new InvalidDataException($"{source}: corrupt k-NN head ({e.Message})", e);
        }
    }
}
