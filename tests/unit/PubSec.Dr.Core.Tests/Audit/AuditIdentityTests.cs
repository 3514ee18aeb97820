using System.Text;
using PubSec.Dr.Audit;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Audit;

/// <summary>Who the audit log says acted: inside a pod, the service account the token was issued for.</summary>
public sealed class AuditIdentityTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private string Token(string payloadJson)
    {
        static string Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var path = Path.Combine(_root.Path, "token");
        File.WriteAllText(path, $"{Url("""{"alg":"RS256","kid":"k"}""")}.{Url(payloadJson)}.c2lnbmF0dXJl\n");
        return path;
    }

    [Fact]
    public void ServiceAccountToken_GivesItsSubject()
    {
        var path = Token("""{"iss":"https://kubernetes.default.svc","sub":"system:serviceaccount:dr:pubsecdr-runbook","aud":["api"]}""");

        Assert.Equal("system:serviceaccount:dr:pubsecdr-runbook", AuditIdentity.ServiceAccountSubject(path));
    }

    [Theory]
    [InlineData("""{"iss":"x"}""")]
    [InlineData("""["not an object"]""")]
    public void TokenWithoutASubject_GivesNone(string payload) => Assert.Null(AuditIdentity.ServiceAccountSubject(Token(payload)));

    [Fact]
    public void MissingOrMalformedToken_GivesNone()
    {
        Assert.Null(AuditIdentity.ServiceAccountSubject(Path.Combine(_root.Path, "absent")));
        var path = Path.Combine(_root.Path, "garbage");
        File.WriteAllText(path, "a.!!!.c");
        Assert.Null(AuditIdentity.ServiceAccountSubject(path));
    }

    [Fact]
    public void Current_InAPod_IsTheServiceAccount_AndTheHostIsTheMachine()
    {
        var path = Token("""{"sub":"system:serviceaccount:dr:pubsecdr-runbook"}""");
        var configured = Environment.GetEnvironmentVariable(AuditIdentity.EnvironmentVariable);

        var identity = AuditIdentity.Current(path);

        Assert.Equal(string.IsNullOrEmpty(configured) ? "system:serviceaccount:dr:pubsecdr-runbook" : configured.Trim(), identity.Identity);
        Assert.Equal(Environment.MachineName, identity.Host);
    }

    [Fact]
    public void Current_OutsideAPod_IsTheUser()
    {
        var configured = Environment.GetEnvironmentVariable(AuditIdentity.EnvironmentVariable);

        var identity = AuditIdentity.Current(Path.Combine(_root.Path, "absent"));

        Assert.Equal(string.IsNullOrEmpty(configured) ? Environment.UserName : configured.Trim(), identity.Identity);
    }
}
