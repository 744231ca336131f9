using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BulkRefunds.KlarnaSimulator.Json;

/// <summary>
/// Writes timestamps the way Klarna's samples do (<c>2022-07-08T09:48:16.680Z</c>) instead of
/// System.Text.Json's <c>+00:00</c> offset form; reads any ISO 8601 timestamp.
/// </summary>
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
