using DuckDB.NET.Data;
using RedDino.MLNet.Embeddings;

namespace RedDino.Cli.Tests.Commands;

/// <summary>The parts as a Spark, pandas or DuckDB user reads them, with DuckDB's own Parquet reader standing in for
/// all three: one glob over the parts, ordered by the integer `row` column, gives the unsharded file's rows and vectors.</summary>
public sealed partial class ShardedEmbedTests
{
    private sealed record DuckRow(int? Row, string Path, string Label, float[] Embedding);

    private static List<DuckRow> Query(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rowOrdinal = Enumerable.Range(0, reader.FieldCount).Where(i => reader.GetName(i) == "row").Cast<int?>().FirstOrDefault();
        if (rowOrdinal is { } ordinal) Assert.AreEqual(typeof(int), reader.GetFieldType(ordinal), "row is an INTEGER column, so it sorts as a number");
        var rows = new List<DuckRow>();
        while (reader.Read())
            rows.Add(new DuckRow(rowOrdinal is { } r ? reader.GetInt32(r) : null, reader.GetString(reader.GetOrdinal("path")),
                reader.GetString(reader.GetOrdinal("label")), reader.GetFieldValue<List<float>>(reader.GetOrdinal("embedding")).ToArray()));
        return rows;
    }

    private static string Literal(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";

    [TestMethod]
    public void DuckDbReadsThePartsAsTheUnshardedFile()
    {
        var parts = Query($"SELECT * FROM read_parquet({Literal(Path.Combine(PartsA, "part-*.parquet"))}) ORDER BY row");
        var whole = Query($"SELECT * FROM read_parquet({Literal(FullA)})");
        var ours = EmbeddingSet.Read(FullA);

        Assert.HasCount(28, parts);
        CollectionAssert.AreEqual(Enumerable.Range(0, 28).ToArray(), parts.Select(p => p.Row!.Value).ToArray(), "every manifest index once, in order");
        for (var i = 0; i < parts.Count; i++)
        {
            Assert.AreEqual(whole[i].Path, parts[i].Path, $"row {i}");
            Assert.AreEqual(whole[i].Label, parts[i].Label, $"row {i}");
            CollectionAssert.AreEqual(whole[i].Embedding, parts[i].Embedding, $"row {i}: the same float32 values");
            CollectionAssert.AreEqual(ours.Row(i).ToArray(), parts[i].Embedding, $"row {i}: as the library reads the unsharded file");
        }
    }
}
