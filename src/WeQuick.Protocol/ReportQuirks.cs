namespace WeQuick.Protocol;

/// <summary>How an encoder writes reports: exactly as the spec prints them, or as a real client sends them.</summary>
public enum ReportQuirks
{
    /// <summary>The spec's shapes: flat <c>reportLoginUser</c>, <c>""</c> for absent values, the spec's number/string choices.</summary>
    Spec,

    /// <summary>
    /// What real clients were seen sending (docs/protocol-notes.md): <c>reportLoginUser</c> under <c>data.info</c> with
    /// <c>isFriend</c> and <c>uin</c>, <c>null</c> for an absent <c>roomWxid</c> or <c>cwxid</c>, numbers as strings
    /// where the spec has numbers and the reverse, <c>resLogout</c> without a <c>cwxid</c> key.
    /// </summary>
    RealClient,
}

/// <summary>How a report body is put on the wire.</summary>
public enum BodyEncoding
{
    /// <summary><c>application/json</c>: <c>{"data": {...}}</c>.</summary>
    Json,

    /// <summary><c>application/x-www-form-urlencoded</c>: <c>data=&lt;json&gt;</c>.</summary>
    Form,
}
