using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuoteAspire.ApiService.Documentation;

/// <summary>The JSON of <c>GET /</c>, source-generated; kept apart from the quotes' so that they know nothing of this folder.</summary>
[JsonSerializable(typeof(ApiIndex))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class ApiIndexJsonContext : JsonSerializerContext;
