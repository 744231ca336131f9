using System.Text.Json;
using System.Text.Json.Serialization;

namespace BulkRefunds.Klarna;

/// <summary>Klarna's JSON: snake_case names, nulls left out, unknown response fields ignored.</summary>
public static class KlarnaJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
