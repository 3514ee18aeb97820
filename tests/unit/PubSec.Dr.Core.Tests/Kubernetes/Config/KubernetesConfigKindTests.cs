using System.Text;
using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Backups.Retention;
using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes.Config;

namespace PubSec.Dr.Tests.Kubernetes.Config;

/// <summary>The KubernetesConfig kind where every kind is enumerated: retention, manifests, folders, Full integrity.</summary>
public sealed class KubernetesConfigKindTests
{
    [Fact]
    public void Retention_KeepsConfigurationBackups30DaysByDefault_AndKnowsTheKindInAnyCase()
    {
        Assert.Equal(TimeSpan.FromDays(30), RetentionPolicySet.Create(null).For(KubernetesConfigBackup.KindName)!.MaxAge);
        Assert.Equal(KubernetesConfigBackup.KindName, DrRetentionPolicy.Canonical("kubernetesconfig"));
    }

    [Fact]
    public async Task Manifest_RoundTrips_AndOneWithoutANamespaceIsRefused()
    {
        var backup = Sample();
        var json = ManifestJson.Serialize(backup);
        var read = Assert.IsType<KubernetesConfigBackup>(await ManifestJson.DeserializeAsync(new MemoryStream(json), "m", default));
        Assert.Equal(backup.ObjectCounts, read.ObjectCounts);
        Assert.Equal("Pod/api-1: owned by ReplicaSet/api-7d9", read.Skipped.Single().ToString());

        var broken = Encoding.UTF8.GetString(json).Replace("\"namespace\": \"app\"", "\"namespace\": \"\"", StringComparison.Ordinal);
        var ex = await Assert.ThrowsAsync<DrException>(() => ManifestJson.DeserializeAsync(new MemoryStream(Encoding.UTF8.GetBytes(broken)), "m", default));
        Assert.Equal(ErrorIds.BackupManifestInvalid, ex.ErrorId);
    }

    [Fact]
    public void Folder_IsUnderTheKindsRootAndTheNamespace()
    {
        var backup = Sample();
        backup.ManifestKey = BackupLayout.ManifestKeyOf(backup);

        Assert.Equal($"kubernetes-config/app/{backup.Id}/", BackupDeleter.FolderOf(backup));
        Assert.Contains(BackupLayout.KubernetesConfigRoot, BackupLayout.Roots);
    }

    [Fact]
    public async Task FullIntegrity_FailsWhenThePartsObjectCountIsNotTheManifests()
    {
        var backup = Sample();
        var yaml = ConfigYaml.Serialize([ConfigSamples.ConfigMap()]);

        var check = await KubernetesConfigContentRule.CheckAsync(new MemoryStream(Encoding.UTF8.GetBytes(yaml)), backup.Parts[0], backup, default);

        Assert.False(check.Passed);
        Assert.Equal(ErrorIds.KubernetesConfigBackupInvalid, check.ErrorId);
    }

    [Fact]
    public async Task FullIntegrity_FailsWhenThePlainPartHoldsASecret()
    {
        var backup = Sample();
        backup.ObjectCounts = new() { ["Secret"] = 1 };
        var yaml = ConfigYaml.Serialize([ConfigSamples.Secret()]);

        var check = await KubernetesConfigContentRule.CheckAsync(new MemoryStream(Encoding.UTF8.GetBytes(yaml)), backup.Parts[0], backup, default);

        Assert.False(check.Passed);
        Assert.Contains("plain part holds 1 Secret", check.Detail, StringComparison.Ordinal);
    }

    private static KubernetesConfigBackup Sample()
    {
        var id = BackupLayout.NewId(DateTime.UtcNow);
        return new KubernetesConfigBackup
        {
            Id = id,
            Namespace = "app",
            Status = BackupStatus.Succeeded,
            ObjectCounts = new() { ["ConfigMap"] = 2, ["Deployment"] = 1 },
            Skipped = [new KubernetesConfigSkip { Kind = "Pod", Name = "api-1", Reason = "owned by ReplicaSet/api-7d9" }],
            Parts = [new BackupPart { Key = BackupLayout.KubernetesConfigPrefix("app", id) + BackupLayout.KubernetesConfigPart, Size = 1, Sha256 = "00" }],
        };
    }
}
