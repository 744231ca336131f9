using CsvHelper;

namespace BulkRefunds.Tests.Infrastructure;

/// <summary>Reads a written report back as header → value maps, one per line.</summary>
public static class ReportFile
{
    /// <param name="separator">Reports:Delimiter of the app that wrote it.</param>
    public static List<Dictionary<string, string>> Read(string path, char separator = ',')
    {
        using var csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = separator });
        var lines = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            lines.Add(csv.Headers.Select((name, index) => (name, value: csv.GetString(index))).ToDictionary(pair => pair.name, pair => pair.value));
        }

        return lines;
    }
}
