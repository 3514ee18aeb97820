using System.Collections.Concurrent;
using DnsClient;
using DnsClient.Protocol;
using PubSec.Dr.Environments;

namespace PubSec.Dr.DnsPropagation;

/// <summary>
/// Queries through DnsClient with its cache off (each poll must reach the server), no retries (the check polls
/// anyway), UDP with TCP fallback for truncated answers, and recursion asked only of non-authoritative servers:
/// an authoritative server must answer from its own zone, not by asking others.
/// </summary>
internal sealed class DnsClientProbe(DnsProbeOptions options) : IDnsProbe
{
    private readonly ConcurrentDictionary<DrResolver, LookupClient> _clients = new();

    public async Task<DnsProbeAnswer> QueryAsync(DrResolver resolver, string name, string type, CancellationToken cancellationToken)
    {
        var client = _clients.GetOrAdd(resolver, Create);
        var queryType = Enum.Parse<QueryType>(type, ignoreCase: true);
        IDnsQueryResponse response;
        try
        {
            response = await client.QueryAsync(name, queryType, QueryClass.IN, cancellationToken).ConfigureAwait(false);
        }
        catch (DnsResponseException ex)
        {
            throw new DnsProbeException(ex.Message, ex);
        }

        if (response.HasError && response.Header.ResponseCode is not (DnsHeaderResponseCode.NotExistentDomain or DnsHeaderResponseCode.NoError))
        {
            throw new DnsProbeException($"it answered {response.Header.ResponseCode}: {response.ErrorMessage}");
        }

        var records = response.Answers.Where(record => record.RecordType.ToString().Equals(type, StringComparison.OrdinalIgnoreCase)).ToList();
        var values = records.Select(Value).ToList();
        int? ttl = records.Count == 0 ? null : records.Min(record => record.TimeToLive);
        return new DnsProbeAnswer(values, ttl, response.Header.ResponseCode.ToString());
    }

    public void Dispose() => _clients.Clear();

    private LookupClient Create(DrResolver resolver) => new(new LookupClientOptions(new NameServer(resolver.Address))
    {
        UseCache = false,
        Recursion = !resolver.Authoritative,
        Timeout = options.QueryTimeout,
        Retries = 0,
        UseTcpFallback = true,
        ThrowDnsErrors = false,
        ContinueOnDnsError = false,
        ContinueOnEmptyResponse = false,
        UseRandomNameServer = false,
    });

    private static string Value(DnsResourceRecord record) => record switch
    {
        ARecord a => a.Address.ToString(),
        AaaaRecord aaaa => aaaa.Address.ToString(),
        CNameRecord cname => cname.CanonicalName.Value,
        TxtRecord txt => string.Concat(txt.Text),
        _ => record.ToString(),
    };
}
