using System.Text;
using PubSec.Dr.Backends;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes.Config;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;
using PubSec.Dr.Tests.Backups.Encryption;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Kubernetes.Config;

public sealed class KubernetesConfigEngineTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly IBackupStore _store;
    private readonly FakeKubernetesObjects _source = new("pubsec-info-assistant");
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _recipient = TestCertificates.Rsa("pubsecdr-k8s-config");

    public KubernetesConfigEngineTests()
    {
        _store = BackupStoreFactory.Open(_folder.Path);
        _source.Seed(ConfigResourceTypes.Deployments, ConfigSamples.Deployment());
        _source.Seed(ConfigResourceTypes.Services, ConfigSamples.Service("qdrant", "10.0.0.7"));
        _source.Seed(ConfigResourceTypes.Services, ConfigSamples.Service("qdrant-headless", "None"));
        _source.Seed(ConfigResourceTypes.ConfigMaps, ConfigSamples.ConfigMap());
        _source.Seed(ConfigResourceTypes.ConfigMaps, ConfigSamples.Named("ConfigMap", "v1", "kube-root-ca.crt"));
        _source.Seed(ConfigResourceTypes.Secrets, ConfigSamples.Secret());
        _source.Seed(ConfigResourceTypes.Secrets, ConfigSamples.Secret("api-token-x", "kubernetes.io/service-account-token", "token-value-not-kept"));
        _source.Seed(ConfigResourceTypes.PersistentVolumeClaims, ConfigSamples.Claim());
        _source.Seed(ConfigResourceTypes.Pods, ConfigSamples.Owned(ConfigSamples.Named("Pod", "v1", "api-1"), "ReplicaSet", "api-7d9"));
        _source.NotServed.Add("ingresses");
    }

    public void Dispose()
    {
        _recipient.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Backup_StoresPlainConfigWithoutSecretValues_AndSecretsEncrypted()
    {
        var backup = await BackupAsync();

        Assert.Equal(2, backup.Parts.Length);
        var plain = await File.ReadAllTextAsync(Path.Combine(_folder.Path, backup.Parts[0].Key));
        Assert.DoesNotContain(ConfigSamples.SecretValue, plain, StringComparison.Ordinal);
        Assert.DoesNotContain(ConfigSamples.Base64(ConfigSamples.SecretValue), plain, StringComparison.Ordinal);
        Assert.DoesNotContain("kind: Secret", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.7", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("resourceVersion", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("namespace:", plain, StringComparison.Ordinal);
        var stored = await File.ReadAllBytesAsync(Path.Combine(_folder.Path, backup.Parts[1].Key));
        Assert.NotNull(backup.Parts[1].Encryption);
        Assert.DoesNotContain(ConfigSamples.Base64(ConfigSamples.SecretValue), Encoding.Latin1.GetString(stored), StringComparison.Ordinal);

        using var keys = new DecryptionKeyRing([_recipient], searchStores: false);
        await using var opened = keys.Open(backup.Parts[1], new MemoryStream(stored));
        var secrets = await new StreamReader(opened).ReadToEndAsync();
        Assert.Contains(ConfigSamples.Base64(ConfigSamples.SecretValue), secrets, StringComparison.Ordinal);
        Assert.DoesNotContain("token-value-not-kept", secrets, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_RecordsCountsSkipsAndNotServedKinds_InAListedManifest()
    {
        var backup = await BackupAsync();

        Assert.Equal(new Dictionary<string, int> { ["ConfigMap"] = 1, ["Secret"] = 1, ["PersistentVolumeClaim"] = 1, ["Deployment"] = 1, ["Service"] = 2 },
            backup.ObjectCounts);
        Assert.Contains(backup.Skipped, s => s.Kind == "Ingress" && s.Name is null && s.Reason.Contains("404", StringComparison.Ordinal));
        Assert.Contains(backup.Skipped, s => s is { Kind: "ConfigMap", Name: "kube-root-ca.crt" });
        Assert.Contains(backup.Skipped, s => s is { Kind: "Secret", Name: "api-token-x" });
        Assert.Contains(backup.Skipped, s => s is { Kind: "Pod", Name: "api-1" });
        Assert.Equal("https://fake:6443", backup.Server);

        var listed = Assert.IsType<KubernetesConfigBackup>(Assert.Single(await new BackupListing(_store).ListAsync(e => throw e, _ => { }, default)));
        Assert.Equal(backup.Id, listed.Id);
        Assert.Equal("pubsec-info-assistant", listed.Source);
        Assert.Equal(backup.Skipped.Length, listed.Skipped.Length);
    }

    [Fact]
    public async Task Backup_WithoutCertificate_RefusesBeforeConnecting_UnlessSecretsAreExcluded()
    {
        var engine = new KubernetesConfigBackupEngine(_source, _store, NullOperationLog.Instance);
        var ex = await Assert.ThrowsAsync<DrException>(() => engine.BackupAsync(
            new KubernetesConfigBackupRequest { Target = _source.Target }, (_, _) => true, default));
        Assert.Equal(ErrorIds.KubernetesConfigSecretsNeedCertificate, ex.ErrorId);
        Assert.Equal(0, _source.Connections);
        Assert.Empty(_folder.AllFiles());

        var excluded = (await engine.BackupAsync(new KubernetesConfigBackupRequest { Target = _source.Target, ExcludeSecrets = true }, (_, _) => true, default))!;
        Assert.Single(excluded.Parts);
        Assert.True(excluded.SecretsExcluded);
        Assert.False(excluded.ObjectCounts.ContainsKey("Secret"));
        Assert.Contains(excluded.Skipped, s => s is { Kind: "Secret", Name: "pubsec-secrets" } && s.Reason.Contains("ExcludeSecrets", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restore_IntoAnEmptyNamespace_CreatesItThenEveryObjectInDependencyOrder()
    {
        var backup = await BackupAsync();
        var target = new FakeKubernetesObjects("rebuild") { NamespaceExists = false };

        var results = await RestoreAsync(backup, target);

        Assert.Equal(
            ["POST Namespace/rebuild", "POST ConfigMap/api-config", "POST Secret/pubsec-secrets", "POST PersistentVolumeClaim/data", "POST Deployment/api",
             "POST Service/qdrant", "POST Service/qdrant-headless"],
            target.Writes);
        Assert.All(results, r => Assert.Equal(KubernetesConfigAction.Created, r.Result.Action));
        Assert.Equal(ConfigSamples.Base64(ConfigSamples.SecretValue), target.Stored(ConfigResourceTypes.Secrets, "pubsec-secrets")!["data"]!["openai-api-key"]!.GetValue<string>());
        Assert.Equal("None", target.Stored(ConfigResourceTypes.Services, "qdrant-headless")!["spec"]!["clusterIP"]!.GetValue<string>());
    }

    [Fact]
    public async Task Restore_Again_LeavesEverythingUnchanged()
    {
        var backup = await BackupAsync();
        var target = new FakeKubernetesObjects("rebuild") { NamespaceExists = false };
        await RestoreAsync(backup, target);
        target.Writes.Clear();

        var second = await RestoreAsync(backup, target);

        Assert.Empty(target.Writes);
        Assert.All(second, r => Assert.Equal(KubernetesConfigAction.Unchanged, r.Result.Action));
    }

    [Fact]
    public async Task Restore_ReplacesOnlyWhatDiffers_WithTheLiveResourceVersion_AndPreviewWritesNothing()
    {
        var backup = await BackupAsync();
        var target = new FakeKubernetesObjects("rebuild");
        await RestoreAsync(backup, target);
        target.Seed(ConfigResourceTypes.Deployments, ConfigSamples.Deployment(replicas: 5));
        target.Seed(ConfigResourceTypes.ConfigMaps, ConfigSamples.ConfigMap("debug"));
        target.Writes.Clear();

        var preview = await RestoreAsync(backup, target, confirm: false, preview: true);
        Assert.Empty(target.Writes);
        Assert.All(preview, r => Assert.True(r.Result.WhatIf));
        Assert.Equal(["spec.replicas"], preview.Single(r => r.Result.Kind == "Deployment").Result.DifferingFields);
        Assert.Equal(["data.LOG_LEVEL"], preview.Single(r => r.Result.Kind == "ConfigMap").Result.DifferingFields);
        Assert.Equal(KubernetesConfigAction.Replaced, preview.Single(r => r.Result.Kind == "ConfigMap").Result.Action);
        Assert.Equal(KubernetesConfigAction.Unchanged, preview.Single(r => r.Result.Kind == "PersistentVolumeClaim").Result.Action);

        var applied = await RestoreAsync(backup, target);
        Assert.Equal(["PUT ConfigMap/api-config", "PUT Deployment/api"], target.Writes);
        Assert.Equal(2, target.Stored(ConfigResourceTypes.Deployments, "api")!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(2, applied.Count(r => r.Result.Action == KubernetesConfigAction.Replaced));
    }

    [Fact]
    public async Task Restore_OneFailingObject_IsReportedAndTheOthersGoOn()
    {
        var backup = await BackupAsync();
        var target = new FakeKubernetesObjects("rebuild");
        target.FailingNames.Add("api-config");

        var results = await RestoreAsync(backup, target);

        var failed = results.Single(r => r.Result.Name == "api-config");
        Assert.Equal(KubernetesConfigAction.Failed, failed.Result.Action);
        Assert.Equal(ErrorIds.KubernetesConfigApplyFailed, failed.Failure!.ErrorId);
        Assert.Contains("422", failed.Result.Error, StringComparison.Ordinal);
        Assert.Contains("POST Service/qdrant-headless", target.Writes);
    }

    [Fact]
    public async Task Restore_OfAKindTheTargetDoesNotServe_IsSkippedNotFailed()
    {
        var backup = await BackupAsync();
        var target = new FakeKubernetesObjects("rebuild");
        target.NotServed.Add("services");

        var results = await RestoreAsync(backup, target);

        var services = results.Where(r => r.Result.Kind == "Service").ToList();
        Assert.Equal(2, services.Count);
        Assert.All(services, r => Assert.Equal(KubernetesConfigAction.Skipped, r.Result.Action));
        Assert.All(services, r => Assert.Null(r.Failure));
        Assert.Contains("POST Deployment/api", target.Writes);
    }

    [Fact]
    public async Task Restore_OfABackupWhoseStoredManifestChanged_RefusesBeforeTouchingTheCluster()
    {
        var backup = await BackupAsync();
        var manifest = Path.Combine(_folder.Path, PubSec.Dr.Backups.BackupLayout.ManifestKeyOf(backup));
        await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(manifest)).Replace("\"Deployment\": 1", "\"Deployment\": 2", StringComparison.Ordinal));
        var target = new FakeKubernetesObjects("rebuild") { NamespaceExists = false };

        var ex = await Assert.ThrowsAsync<DrException>(() => RestoreAsync(backup, target));

        Assert.Equal(ErrorIds.BackupManifestChanged, ex.ErrorId);
        Assert.Empty(target.Writes);
    }

    [Fact]
    public async Task Restore_WithoutTheKey_RefusesBeforeTouchingTheCluster()
    {
        var backup = await BackupAsync();
        var target = new FakeKubernetesObjects("rebuild") { NamespaceExists = false };
        using var other = TestCertificates.Rsa("pubsecdr-other");

        var ex = await Assert.ThrowsAsync<DrException>(() => RestoreAsync(backup, target, keys: other));

        Assert.Equal(ErrorIds.BackupDecryptionKeyNotFound, ex.ErrorId);
        Assert.Empty(target.Writes);
    }

    private async Task<KubernetesConfigBackup> BackupAsync()
    {
        var engine = new KubernetesConfigBackupEngine(_source, _store, NullOperationLog.Instance);
        var backup = await engine.BackupAsync(new KubernetesConfigBackupRequest { Target = _source.Target, EncryptionCertificates = [_recipient] }, (_, _) => true, default);
        backup!.Store = _store;
        return backup;
    }

    private async Task<List<(KubernetesConfigRestoreResult Result, DrException? Failure)>> RestoreAsync(KubernetesConfigBackup backup, FakeKubernetesObjects target,
        bool confirm = true, bool preview = false, System.Security.Cryptography.X509Certificates.X509Certificate2? keys = null)
    {
        using var ring = new DecryptionKeyRing([keys ?? _recipient], searchStores: false);
        var request = new KubernetesConfigRestoreRequest { Backup = backup, Target = target.Target, Keys = ring, Preview = preview };
        var results = new List<(KubernetesConfigRestoreResult, DrException?)>();
        await foreach (var item in new KubernetesConfigRestoreEngine(target, NullOperationLog.Instance).RestoreAsync(request, (_, _) => confirm, default))
        {
            results.Add(item);
        }

        return results;
    }
}
