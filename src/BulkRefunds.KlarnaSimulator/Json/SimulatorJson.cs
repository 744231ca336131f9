using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BulkRefunds.KlarnaSimulator.Json;

/// <summary>The one serializer configuration for everything the simulator reads or writes.</summary>
internal static class SimulatorJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Klarna omits absent optional fields rather than sending null.
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Bodies are API JSON, never inlined into HTML, so names like "Ul. Górczewska" and apostrophes
        // stay readable instead of becoming \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new UtcTimestampConverter() },
    };
}
