using System.Globalization;

namespace BulkRefunds.Benchmarks;

/// <summary>--name value pairs from the command line.</summary>
public sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Options(values);
    }

    public int Int(string name, int fallback) =>
        values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public string Text(string name, string fallback) => values.GetValueOrDefault(name, fallback);
}
