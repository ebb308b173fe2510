using System.Globalization;
using System.Text;
using CsvHelper;
using RedDino.Formats.IO;

namespace RedDino.MLNet.Evaluation;

/// <summary>predictions/&lt;backbone&gt;/&lt;classifier&gt;.csv: columns split,row,path,label,predicted;
/// one line per test row of every split (split order, then row order); row = 0-based row index in
/// the embeddings file; label and predicted are class names.</summary>
internal static class PredictionsCsv
{
    /// <summary>Header of every predictions file.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["split", "row", "path", "label", "predicted"];

    /// <summary>The file of one backbone's classifier under a results folder. Characters that cannot
    /// appear in a file name (and '/', '\') in the backbone name become '_'.</summary>
    public static string PathFor(string resultsFolder, string backbone, string classifier) =>
        Path.Combine(resultsFolder, "predictions", SafeName(backbone), classifier + ".csv");

    /// <summary>Writes every classifier's predictions of <paramref name="evaluation"/>.</summary>
    public static void Write(string resultsFolder, BackboneEvaluation evaluation)
    {
        foreach (var classifier in evaluation.Classifiers)
        {
            AtomicFile.WriteText(PathFor(resultsFolder, evaluation.Backbone, classifier.Name), writer =>
            {
                using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
                foreach (var column in Columns) csv.WriteField(column);
                csv.NextRecord();
                foreach (var split in classifier.Splits)
                    for (var i = 0; i < split.TestRows.Count; i++)
                    {
                        var row = split.TestRows[i];
                        csv.WriteField(split.Split);
                        csv.WriteField(row);
                        csv.WriteField(evaluation.Paths[row]);
                        csv.WriteField(evaluation.Labels[row]);
                        csv.WriteField(evaluation.Classes[split.Predicted[i]]);
                        csv.NextRecord();
                    }
            });
        }
    }

    private static string SafeName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(['/', '\\']).ToHashSet();
        var safe = new string(name.Select(c => invalid.Contains(c) ? '_' : c).ToArray());
        return safe is "" or "." or ".." ? "_" + safe : safe;
    }
}
