namespace RedDino.Pretraining.Data.Sources;

/// <summary>Images to leave out (e.g. the smears an evaluation sample was cut from), read from text
/// files: one entry per line, a file name ("601.jpg"), a stem ("601") or a path relative to the
/// image folder; blank lines and '#' comments ignored. Matching ignores case.</summary>
public sealed class ExclusionList
{
    private readonly HashSet<string> entries;

    private ExclusionList(HashSet<string> entries) => this.entries = entries;

    public int Count => entries.Count;

    public static ExclusionList Read(IEnumerable<string> files)
    {
        var entries = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
        {
            if (!File.Exists(file))
                throw new FileNotFoundException($"data.exclude_lists: {file} not found", file);
            foreach (var raw in File.ReadLines(file))
            {
                var line = raw.Split('#')[0].Trim();
                if (line.Length > 0)
                    entries.Add(line.Replace('\\', '/'));
            }
        }
        return new ExclusionList(entries);
    }

    public bool Matches(string folder, string file)
    {
        if (entries.Count == 0) return false;
        var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
        return entries.Contains(relative) || entries.Contains(Path.GetFileName(file))
            || entries.Contains(Path.GetFileNameWithoutExtension(file));
    }
}
