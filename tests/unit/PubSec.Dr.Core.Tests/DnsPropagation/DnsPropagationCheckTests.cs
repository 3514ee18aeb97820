using System.Net;
using PubSec.Dr.DnsPropagation;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Tests.DnsPropagation;

/// <summary>The convergence loop with scripted resolvers: old answers first, silent resolvers, and the deadline.</summary>
public sealed class DnsPropagationCheckTests
{
    private static readonly DrResolver Authoritative = new("authoritative", IPEndPoint.Parse("127.0.0.1:5353"), true);
    private static readonly DrResolver Caching = new("caching", IPEndPoint.Parse("127.0.0.1:5354"), false);
    private static readonly DnsPropagationTarget Target = new("pubsec-info-assistant.com.", "A", ["127.0.0.3"]);

    [Fact]
    public async Task Each_resolver_converges_on_its_own_after_first_answering_the_old_value()
    {
        var probe = new ScriptedProbe(new()
        {
            [Authoritative] = ["127.0.0.2", "127.0.0.3"],
            [Caching] = ["127.0.0.2", "127.0.0.2", "127.0.0.2", "127.0.0.3"],
        });
        var check = new DnsPropagationCheck(probe) { Interval = TimeSpan.FromMilliseconds(1), Timeout = TimeSpan.FromSeconds(30) };

        var rows = await check.RunAsync([Target], [Authoritative, Caching], null, default);

        Assert.All(rows, row =>
        {
            Assert.Null(row.Failure);
            Assert.True(row.Result.Converged);
            Assert.Equal(["127.0.0.2"], row.Result.FirstAnswer!);
            Assert.Equal(["127.0.0.3"], row.Result.Answer!);
            Assert.NotNull(row.Result.TimeToConverge);
        });
        Assert.Equal([2, 4], rows.Select(row => row.Result.Queries));
        Assert.True(rows[0].Result.Authoritative);
    }

    [Fact]
    public async Task A_silent_resolver_fails_its_row_as_unreachable_and_the_others_go_on()
    {
        var probe = new ScriptedProbe(new() { [Authoritative] = ["127.0.0.2", "127.0.0.3"], [Caching] = [] });
        var check = new DnsPropagationCheck(probe) { Interval = TimeSpan.FromMilliseconds(1), Timeout = TimeSpan.FromSeconds(30), UnreachableAfter = 3 };

        var rows = await check.RunAsync([Target], [Authoritative, Caching], null, default);

        Assert.True(rows[0].Result.Converged);
        Assert.Equal(ErrorIds.DnsResolverUnreachable, rows[1].Failure?.ErrorId);
        Assert.Equal(ErrorIds.DnsResolverUnreachable, rows[1].Result.ErrorId);
        Assert.False(rows[1].Result.Converged);
        Assert.Equal(3, rows[1].Result.Queries);
    }

    [Fact]
    public async Task A_resolver_still_answering_the_old_value_at_the_deadline_is_DnsPropagationTimeout()
    {
        var probe = new ScriptedProbe(new() { [Caching] = ["127.0.0.2"] });
        var check = new DnsPropagationCheck(probe) { Interval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(3), Delay = (_, _) => Task.CompletedTask };

        var row = Assert.Single(await check.RunAsync([Target], [Caching], null, default));

        Assert.Equal(ErrorIds.DnsPropagationTimeout, row.Failure?.ErrorId);
        Assert.Equal(["127.0.0.2"], row.Result.Answer!);
        Assert.Equal(30, row.Result.RemainingTtl);
        Assert.Equal(3, row.Result.Queries);
    }

    [Theory]
    [InlineData("db.example.com.", "DB.example.com")]
    [InlineData("\"v=1 x\"", "v=1 x")]
    public void Answers_compare_without_case_trailing_dot_or_TXT_quotes(string left, string right) =>
        Assert.True(DnsValues.SameSet([left], [right]));

    /// <summary>Answers each resolver's script in order (the last answer repeats); an empty script never answers.</summary>
    private sealed class ScriptedProbe(Dictionary<DrResolver, string[]> scripts) : IDnsProbe
    {
        private readonly Dictionary<DrResolver, int> _asked = [];

        public Task<DnsProbeAnswer> QueryAsync(DrResolver resolver, string name, string type, CancellationToken cancellationToken)
        {
            lock (_asked)
            {
                var script = scripts[resolver];
                if (script.Length == 0)
                {
                    throw new DnsProbeException($"{resolver} did not answer: timeout");
                }

                var index = _asked.GetValueOrDefault(resolver);
                _asked[resolver] = index + 1;
                return Task.FromResult(new DnsProbeAnswer([script[Math.Min(index, script.Length - 1)]], 30, "NoError"));
            }
        }

        public void Dispose()
        {
        }
    }
}
