using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>POST on collection URLs: what the server fills in, and the apiserver's refusals with their Status bodies.</summary>
[Collection(WritableKubeLab.Name)]
public sealed class CreateTests(WritableKubeLab fixture)
{
    private KubeLab Lab => fixture.Lab;

    [Fact]
    public async Task A_new_namespace_is_active_with_its_root_ca_configmap_and_default_serviceaccount()
    {
        var (status, ns) = await Lab.SendAsync(HttpMethod.Post, "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"created-ns"}}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(("Namespace", "v1", "Active", "created-ns"), (ns["kind"]!.GetValue<string>(), ns["apiVersion"]!.GetValue<string>(),
            ns["status"]!["phase"]!.GetValue<string>(), ns["metadata"]!["labels"]!["kubernetes.io/metadata.name"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(ns["metadata"]!["uid"]!.GetValue<string>()));
        var (caStatus, _) = await Lab.SendAsync(HttpMethod.Get, "/api/v1/namespaces/created-ns/configmaps/kube-root-ca.crt");
        var (saStatus, _) = await Lab.SendAsync(HttpMethod.Get, "/api/v1/namespaces/created-ns/serviceaccounts/default");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (caStatus, saStatus));
    }

    [Fact]
    public async Task A_created_object_gets_uid_resource_version_generation_and_creation_time_from_the_server()
    {
        var ns = await fixture.NamespaceAsync("create");

        var (status, cm) = await Lab.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","uid":"client-made","resourceVersion":"7"},"data":{"a":"1"}}""");

        Assert.Equal(HttpStatusCode.Created, status);
        var metadata = cm["metadata"]!;
        Assert.NotEqual("client-made", metadata["uid"]!.GetValue<string>());
        Assert.NotEqual("7", metadata["resourceVersion"]!.GetValue<string>());
        Assert.Equal((ns, 1), (metadata["namespace"]!.GetValue<string>(), metadata["generation"]!.GetValue<int>()));
        Assert.NotNull(metadata["creationTimestamp"]);
        var (_, read) = await Lab.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/settings");
        Assert.Equal("1", read["data"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public async Task Creating_a_name_that_exists_is_a_409_already_exists_status()
    {
        var ns = await fixture.NamespaceAsync("exists");
        const string body = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":0,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}""";
        await Lab.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", body);

        var (status, error) = await Lab.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", body);

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"deployments.apps \"web\" already exists",
             "reason":"AlreadyExists","details":{"name":"web","group":"apps","kind":"deployments"},"code":409}
            """), error), error.ToJsonString());
    }

    [Fact]
    public async Task Creating_in_a_namespace_that_does_not_exist_is_a_404_naming_the_namespace()
    {
        var (status, error) = await Lab.SendAsync(HttpMethod.Post, "/api/v1/namespaces/nowhere/configmaps", """{"metadata":{"name":"x"}}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"namespaces \"nowhere\" not found",
             "reason":"NotFound","details":{"name":"nowhere","kind":"namespaces"},"code":404}
            """), error), error.ToJsonString());
    }

    [Theory]
    [InlineData("/api/v1/namespaces/pubsec-info-assistant/configmaps", "ConfigMap", "Bad_Name", "a lowercase RFC 1123 subdomain must consist of")]
    [InlineData("/api/v1/namespaces", "Namespace", "has.dot", "a lowercase RFC 1123 label must consist of")]
    [InlineData("/api/v1/namespaces/pubsec-info-assistant/services", "Service", "1api", "a DNS-1035 label must consist of")]
    public async Task A_name_that_is_not_a_dns_name_is_a_422_invalid_status(string path, string kind, string name, string rule)
    {
        var (status, error) = await Lab.SendAsync(HttpMethod.Post, path, $$$"""{"metadata":{"name":"{{{name}}}"}}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(("Invalid", 422, kind), (error["reason"]!.GetValue<string>(), error["code"]!.GetValue<int>(), error["details"]!["kind"]!.GetValue<string>()));
        Assert.StartsWith($"{kind} \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": {rule}", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("metadata.name", error["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_for_another_namespace_or_kind_is_refused_as_a_bad_request()
    {
        var ns = await fixture.NamespaceAsync("mismatch");

        var (otherNamespace, nsError) = await Lab.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"x","namespace":"default"}}""");
        var (otherKind, _) = await Lab.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}""");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (otherNamespace, otherKind));
        Assert.Equal("the namespace of the provided object does not match the namespace sent on the request", nsError["message"]!.GetValue<string>());
        var (missing, _) = await Lab.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/x");
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task A_dry_run_create_answers_the_object_without_storing_it()
    {
        var ns = await fixture.NamespaceAsync("dryrun");

        var (status, cm) = await Lab.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?dryRun=All", """{"metadata":{"name":"trial"},"data":{"k":"v"}}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("trial", cm["metadata"]!["name"]!.GetValue<string>());
        var (read, _) = await Lab.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/trial");
        Assert.Equal(HttpStatusCode.NotFound, read);
    }

    [Fact]
    public async Task Generate_name_makes_a_name_with_a_random_suffix()
    {
        var ns = await fixture.NamespaceAsync("generate");

        var (status, cm) = await Lab.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"generateName":"job-config-"}}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Matches("^job-config-[a-z0-9]{5}$", cm["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_secrets_string_data_is_stored_as_base64_data()
    {
        var ns = await fixture.NamespaceAsync("secret");

        var (_, secret) = await Lab.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets",
            """{"metadata":{"name":"creds"},"data":{"kept":"a2VwdA=="},"stringData":{"password":"s3cret"}}""");

        Assert.Null(secret["stringData"]);
        Assert.Equal("Opaque", secret["type"]!.GetValue<string>());
        Assert.Equal(("a2VwdA==", Convert.ToBase64String(Encoding.UTF8.GetBytes("s3cret"))),
            (secret["data"]!["kept"]!.GetValue<string>(), secret["data"]!["password"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_service_gets_a_cluster_ip_unless_it_is_headless()
    {
        var ns = await fixture.NamespaceAsync("svc");

        var (_, service) = await Lab.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/services", """{"metadata":{"name":"api"},"spec":{"selector":{"app":"api"},"ports":[{"port":80}]}}""");
        var (_, headless) = await Lab.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/services", """{"metadata":{"name":"db"},"spec":{"clusterIP":"None","ports":[{"port":5432}]}}""");

        Assert.Matches(@"^10\.0\.\d+\.\d+$", service["spec"]!["clusterIP"]!.GetValue<string>());
        Assert.Equal(service["spec"]!["clusterIP"]!.GetValue<string>(), service["spec"]!["clusterIPs"]![0]!.GetValue<string>());
        Assert.Equal(("ClusterIP", "TCP", 80), (service["spec"]!["type"]!.GetValue<string>(), service["spec"]!["ports"]![0]!["protocol"]!.GetValue<string>(), service["spec"]!["ports"]![0]!["targetPort"]!.GetValue<int>()));
        Assert.Equal("None", headless["spec"]!["clusterIP"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_claim_created_outside_the_qdrant_namespace_is_bound_to_a_new_volume()
    {
        var ns = await fixture.NamespaceAsync("pvc");

        var (status, claim) = await Lab.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/persistentvolumeclaims",
            """{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("Bound", claim["status"]!["phase"]!.GetValue<string>());
        var volume = claim["spec"]!["volumeName"]!.GetValue<string>();
        var (volumeStatus, pv) = await Lab.SendAsync(HttpMethod.Get, $"/api/v1/persistentvolumes/{volume}");
        Assert.Equal(HttpStatusCode.OK, volumeStatus);
        Assert.Equal((ns, "data"), (pv["spec"]!["claimRef"]!["namespace"]!.GetValue<string>(), pv["spec"]!["claimRef"]!["name"]!.GetValue<string>()));
    }
}
