using System.Text;

namespace QuoteAspire.Tests.Quotes;

/// <summary>One hostile request: what it is, the status it must get, and its bytes for a given Host.</summary>
public sealed record HostileRequest(string Name, int Status, Func<string, byte[]> Bytes)
{
    /// <summary>
    /// Kestrel answers it itself, before the app runs, with a bare status and no body: HTTP syntax errors
    /// and requests beyond its hard limits. Every other request gets problem details from the app.
    /// </summary>
    public bool KestrelBackstop { get; init; }
}

/// <summary>
/// The table of hostile requests. Texts are sent one character a byte (Latin-1), so <c>\u00e9</c> puts
/// the single byte 0xE9 on the wire (invalid UTF-8 on its own) and <c>\u0000</c> a NUL.
/// </summary>
public static class HostileRequests
{
    private const string FormType = "application/x-www-form-urlencoded";
    private const string JsonType = "application/json";

    public static IReadOnlyList<HostileRequest> All { get; } =
    [
        // Form encoding: broken escapes and bytes that are not UTF-8 are refused, not stored as U+FFFD or literally.
        Form("form: '%' followed by non-hex digits", "quote=100%zz"),
        Form("form: '%' cut off at the end of the body", "quote=abc%4"),
        Form("form: percent-encoded bytes that are not UTF-8", "quote=%FF%FE"),
        Form("form: raw Latin-1 byte that is not UTF-8", "quote=caf\u00e9"),
        Form("form: overlong UTF-8 encoding of '/'", "quote=%C0%AF"),
        Form("form: UTF-8-encoded surrogate half (CESU-8)", "quote=%ED%A0%80"),
        Form("form: multi-byte UTF-8 sequence cut short", "quote=%E2%82"),
        Form("form: broken escape in a field other than quote", "quote=fine&note=%G1"),
        Form("form: quote field sent twice", "quote=one&quote=two"),
        Form("form: quote field repeated under a percent-encoded name", "quote=one&%71uote=two"),
        Form("form: only separators, no quote", "&&=&"),
        Post("form: declared charset ISO-8859-1", $"{FormType}; charset=iso-8859-1", "quote=caf\u00e9", 415),
        Post("form: declared charset nobody knows", $"{FormType}; charset=klingon", "quote=x", 415),

        // NUL and control characters in the quote: C0, DEL and C1 are refused; tab, CR and LF are allowed.
        Form("form: NUL in the quote, percent-encoded", "quote=a%00b"),
        Form("form: raw NUL byte in the quote", "quote=a\u0000b"),
        Form("form: BEL (C0 control) in the quote", "quote=ding%07"),
        Form("form: raw ESC byte in the quote", "quote=\u001b[31mred"),
        Form("form: DEL in the quote", "quote=a%7Fb"),
        Form("form: NEL (C1 control U+0085) in the quote", "quote=a%C2%85b"),

        // JSON: broken, too deep, wrong types, not UTF-8, unpaired surrogates, repeated properties.
        Json("json: body cut off inside the object", "{\"quote\": "),
        Json("json: garbage after the object", "{\"quote\": \"x\"} trailing"),
        Json("json: single quotes instead of double", "{'quote': 'x'}"),
        Json("json: arrays nested 5000 deep (the reader stops at 64)", $"{{\"quote\": \"x\", \"deep\": {new string('[', 5000)}{new string(']', 5000)}}}"),
        Json("json: quote is a number", "{\"quote\": 5}"),
        Json("json: quote is an object", "{\"quote\": {\"text\": \"x\"}}"),
        Json("json: quote is an array", "{\"quote\": [\"x\"]}"),
        Json("json: quote is true", "{\"quote\": true}"),
        Json("json: an array instead of an object", "[]"),
        Json("json: a string instead of an object", "\"x\""),
        Json("json: null instead of an object", "null"),
        Json("json: empty body", ""),
        Json("json: raw Latin-1 byte that is not UTF-8", "{\"quote\": \"caf\u00e9\"}"),
        Json("json: unpaired surrogate escape", "{\"quote\": \"\\ud800\"}"),
        Json("json: escaped NUL in the quote", "{\"quote\": \"a\\u0000b\"}"),
        Json("json: escaped C1 control (U+009B, CSI) in the quote", "{\"quote\": \"\\u009b31m\"}"),
        Json("json: quote property given twice", "{\"quote\": \"one\", \"quote\": \"two\"}"),
        Post("json: declared charset UTF-16", $"{JsonType}; charset=utf-16", "{\"quote\": \"x\"}", 415),

        // Content types and codings.
        Post("no Content-Type", null, "quote=x", 415),
        Post("Content-Type text/plain", "text/plain", "quote=x", 415),
        Post("Content-Type application/xml", "application/xml", "<quote>x</quote>", 415),
        Post("Content-Type that does not parse", ";;;", "quote=x", 415),
        Post("Content-Encoding gzip, which is not decoded", FormType, "quote=x", 415, "Content-Encoding: gzip\r\n"),
        Post("multipart: no boundary in the Content-Type", "multipart/form-data", "quote=x", 400),
        Post("multipart: body ends before its closing boundary", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"quote\"\r\n\r\nx", 400),
        Post("multipart: quote part sent twice", "multipart/form-data; boundary=b", MultipartTwice, 400),

        // Oversized and broken bodies.
        Form("body of 17 KiB with its Content-Length", "quote=" + new string('z', 17 * 1024), 413),
        Request("chunked body growing past 16 KiB", 413, "POST", "/quotes", $"Content-Type: {FormType}\r\nTransfer-Encoding: chunked\r\n", Chunked("quote=", new string('z', 17 * 1024))),
        Request("Content-Length of 1 GiB with nothing sent", 413, "POST", "/quotes", $"Content-Type: {FormType}\r\nContent-Length: 1073741824\r\n"),
        Request("chunk size that is not hex", 400, "POST", "/quotes", $"Content-Type: {FormType}\r\nTransfer-Encoding: chunked\r\n", "zz\r\nquote=x\r\n0\r\n\r\n"),

        // Query strings and request targets.
        Get("query: '%' followed by non-hex digits", 400, "/quotes?limit=%zz"),
        Get("query: percent-encoded bytes that are not UTF-8, in an unknown parameter", 400, "/quotes?tag=%C3%28"),
        Get("query string of 6 KiB, over the app's 4 KiB target limit", 414, "/quotes?tag=" + new string('q', 6 * 1024)),
        Backstop("Kestrel backstop: request target over its 8 KiB request line", 414, host => Text("GET", "/quotes?tag=" + new string('q', 9 * 1024), host)),

        // Headers: too large, too many, bad characters.
        Get("one header of 20 KiB, over the app's 16 KiB header limit", 431, "/quotes", $"X-Filler: {new string('h', 20 * 1024)}\r\n"),
        Get("60 headers of 300 bytes, over the app's 16 KiB header limit", 431, "/quotes", ManyHeaders(60, 300)),
        Backstop("Kestrel backstop: one header over its 32 KiB limit", 431, host => Text("GET", "/quotes", host, $"X-Filler: {new string('h', 33 * 1024)}\r\n")),
        Backstop("Kestrel backstop: 101 header fields, over its limit of 100", 431, host => Text("GET", "/quotes", host, ManyHeaders(101, 1))),
        Post("Idempotency-Key with a control character", FormType, "quote=x", 400, "Idempotency-Key: key\u0001\r\n"),
        Post("Idempotency-Key of 256 characters", FormType, "quote=x", 400, $"Idempotency-Key: {new string('k', 256)}\r\n"),
        Backstop("Kestrel backstop: NUL in a header value", 400, host => Text("GET", "/quotes", host, "X-Note: a\u0000b\r\n")),
        Backstop("Kestrel backstop: NUL in the path", 400, host => Text("GET", "/quo\u0000tes", host)),
        Backstop("Kestrel backstop: request line that is not HTTP", 400, _ => Encoding.Latin1.GetBytes("HELLO\r\n\r\n")),
        Backstop("Kestrel backstop: HTTP/1.1 request without Host", 400, _ => Encoding.Latin1.GetBytes("GET /quotes HTTP/1.1\r\nConnection: close\r\n\r\n")),
        Backstop("Kestrel backstop: Content-Length that is not a number", 400, host => Text("POST", "/quotes", host, $"Content-Type: {FormType}\r\nContent-Length: ten\r\n")),
        Backstop("Kestrel backstop: method with a character a token may not hold", 400, host => Text("BR(EW", "/quotes", host)),

        // Unknown methods and paths.
        Request("PUT /quotes", 405, "PUT", "/quotes", $"Content-Type: {FormType}\r\n", "quote=x"),
        Request("DELETE /quotes", 405, "DELETE", "/quotes"),
        Request("PATCH /quotes", 405, "PATCH", "/quotes", $"Content-Type: {JsonType}\r\n", "{\"quote\": \"x\"}"),
        Request("BREW /quotes, a method nobody defined", 405, "BREW", "/quotes"),
        Request("OPTIONS /quotes", 405, "OPTIONS", "/quotes"),
        Get("unknown path", 404, "/nope"),
        Get("a quote by index, which is not served", 404, "/quotes/1"),
        Request("POST to /quote, singular", 404, "POST", "/quote", $"Content-Type: {FormType}\r\n", "quote=x"),
        Get("path with a percent-encoded byte that is not UTF-8", 404, "/quotes/%FF"),
        Get("raw control byte in the path", 404, "/quo\u0001tes"),
    ];

    public static TheoryData<string> Names => new(All.Select(request => request.Name));

    public static HostileRequest Named(string name) => All.Single(request => request.Name == name);

    private static string MultipartTwice =>
        "--b\r\nContent-Disposition: form-data; name=\"quote\"\r\n\r\none\r\n" +
        "--b\r\nContent-Disposition: form-data; name=\"quote\"\r\n\r\ntwo\r\n--b--\r\n";

    private static HostileRequest Form(string name, string body, int status = 400) => Post(name, FormType, body, status);

    private static HostileRequest Json(string name, string body) => Post(name, JsonType, body, 400);

    private static HostileRequest Post(string name, string? contentType, string body, int status, string headers = "") =>
        Request(name, status, "POST", "/quotes", (contentType is null ? "" : $"Content-Type: {contentType}\r\n") + headers, body);

    private static HostileRequest Get(string name, int status, string target, string headers = "") =>
        Request(name, status, "GET", target, headers);

    /// <summary>A request the app answers; a body gets its Content-Length unless it is chunked.</summary>
    private static HostileRequest Request(string name, int status, string method, string target, string headers = "", string? body = null) =>
        new(name, status, host => Text(method, target, host, headers, body));

    private static HostileRequest Backstop(string name, int status, Func<string, byte[]> bytes) =>
        new(name, status, bytes) { KestrelBackstop = true };

    private static byte[] Text(string method, string target, string host, string headers = "", string? body = null)
    {
        var length = body is null || headers.Contains("Transfer-Encoding", StringComparison.Ordinal) ? "" : $"Content-Length: {Encoding.Latin1.GetByteCount(body)}\r\n";
        return Encoding.Latin1.GetBytes($"{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{headers}{length}\r\n{body}");
    }

    private static string Chunked(params string[] chunks) =>
        string.Concat(chunks.Select(chunk => $"{Encoding.Latin1.GetByteCount(chunk):x}\r\n{chunk}\r\n")) + "0\r\n\r\n";

    private static string ManyHeaders(int count, int valueLength) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"X-Filler-{i}: {new string('h', valueLength)}\r\n"));
}
