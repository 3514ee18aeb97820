using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace PubSec.Dr.Lab.Dns;

/// <summary>
/// Decides the answer to one query from the published zone, as an authoritative server does: AA set for names in
/// the zone, CNAMEs chased while they stay in the zone, NXDOMAIN with the SOA for absent names, NOERROR with no
/// answer (and the SOA) for absent types, REFUSED for names outside the zone (this server is no resolver).
/// </summary>
internal static class ZoneResponder
{
    private const int MaxChain = 8;

    public static DnsMessage Answer(DnsMessage query, ZoneSnapshot? zone)
    {
        var response = query.CreateResponseInstance();
        if (query.Questions.Count != 1) { response.ReturnCode = ReturnCode.FormatError; return response; }
        // Not serving yet: SERVFAIL makes a resolver try again instead of caching an empty answer.
        if (zone is null) { response.ReturnCode = ReturnCode.ServerFailure; return response; }

        var question = query.Questions[0];
        var name = ZoneRecordSet.NormalizeName(question.Name.ToString());
        if (!InZone(name, zone.Zone)) { response.ReturnCode = ReturnCode.Refused; return response; }

        response.IsAuthoritiveAnswer = true;
        response.ReturnCode = ReturnCode.NoError;
        for (var step = 0; step < MaxChain; step++)
        {
            var sets = zone.At(name).ToList();
            var wanted = sets.Where(s => question.RecordType == RecordType.Any || s.Type == question.RecordType.ToString().ToUpperInvariant()).ToList();
            if (wanted.Count > 0)
            {
                foreach (var set in wanted) response.AnswerRecords.AddRange(RecordFactory.Create(set));
                return response;
            }
            var cname = sets.FirstOrDefault(s => s.Type == "CNAME");
            if (cname is not null)
            {
                var records = RecordFactory.Create(cname).ToList();
                response.AnswerRecords.AddRange(records);
                var target = ZoneRecordSet.NormalizeName(((CNameRecord)records[0]).CanonicalName.ToString());
                // A target outside the zone is the resolver's business, as it is for Route53's name servers.
                if (!InZone(target, zone.Zone)) return response;
                name = target;
                continue;
            }
            if (!zone.NameExists(name)) response.ReturnCode = ReturnCode.NxDomain;
            response.AuthorityRecords.AddRange(zone.At(zone.Zone).Where(s => s.Type == "SOA").SelectMany(RecordFactory.Create));
            return response;
        }
        response.ReturnCode = ReturnCode.ServerFailure;
        return response;
    }

    private static bool InZone(string name, string zone) =>
        name == zone || name.EndsWith("." + zone, StringComparison.Ordinal);
}
