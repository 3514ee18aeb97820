namespace PubSec.Dr.Errors;

/// <summary>Stable error ids, named &lt;Noun&gt;&lt;Condition&gt;. Scripts match on these; never rename one.</summary>
public static class ErrorIds
{
    public const string StoreLocationInvalid = "StoreLocationInvalid";
    public const string StoreKeyInvalid = "StoreKeyInvalid";
    public const string StoreObjectNotFound = "StoreObjectNotFound";
    public const string StoreNotFound = "StoreNotFound";
    public const string StoreWriteFailed = "StoreWriteFailed";
    public const string StoreAccessDenied = "StoreAccessDenied";
    public const string StoreUnreachable = "StoreUnreachable";
    public const string StoreRequestFailed = "StoreRequestFailed";
    public const string StoreCredentialsMissing = "StoreCredentialsMissing";
    public const string StoreTimeout = "StoreTimeout";
    public const string StoreNotWritable = "StoreNotWritable";
    public const string StoreRegionMissing = "StoreRegionMissing";
    public const string StoreEndpointInvalid = "StoreEndpointInvalid";

    public const string QdrantUnreachable = "QdrantUnreachable";
    public const string QdrantAuthenticationFailed = "QdrantAuthenticationFailed";
    public const string QdrantPermissionDenied = "QdrantPermissionDenied";
    public const string QdrantCollectionNotFound = "QdrantCollectionNotFound";
    public const string QdrantCollectionNameInvalid = "QdrantCollectionNameInvalid";
    public const string QdrantRequestFailed = "QdrantRequestFailed";
    public const string QdrantSnapshotTimeout = "QdrantSnapshotTimeout";
    public const string QdrantSnapshotNotFound = "QdrantSnapshotNotFound";
    public const string QdrantSnapshotChecksumMismatch = "QdrantSnapshotChecksumMismatch";
    public const string QdrantNodeMismatch = "QdrantNodeMismatch";
    public const string QdrantUriInvalid = "QdrantUriInvalid";
    public const string QdrantTimeout = "QdrantTimeout";
    public const string QdrantGrpcUnreachable = "QdrantGrpcUnreachable";
    public const string QdrantSnapshotAmbiguous = "QdrantSnapshotAmbiguous";

    public const string QdrantBackupIncomplete = "QdrantBackupIncomplete";
    public const string BackupNotFound = "BackupNotFound";
    public const string BackupManifestInvalid = "BackupManifestInvalid";
    public const string BackupChecksumMismatch = "BackupChecksumMismatch";
    public const string BackupPartMissing = "BackupPartMissing";
    public const string BackupPartSizeMismatch = "BackupPartSizeMismatch";
    public const string BackupArchiveMalformed = "BackupArchiveMalformed";
    public const string BackupNotSucceeded = "BackupNotSucceeded";
    public const string BackupEncryptionCertificateInvalid = "BackupEncryptionCertificateInvalid";
    public const string BackupDecryptionKeyNotFound = "BackupDecryptionKeyNotFound";
    public const string BackupDecryptionFailed = "BackupDecryptionFailed";
    public const string BackupStoreUnknown = "BackupStoreUnknown";
    public const string IntegrityScratchUriMissing = "IntegrityScratchUriMissing";
    public const string BackupManifestMissing = "BackupManifestMissing";
    public const string BackupManifestChanged = "BackupManifestChanged";
    public const string BackupSigningCertificateInvalid = "BackupSigningCertificateInvalid";
    public const string BackupSignatureMissing = "BackupSignatureMissing";
    public const string BackupSignatureInvalid = "BackupSignatureInvalid";
    public const string BackupSignerUntrusted = "BackupSignerUntrusted";
    public const string BackupAlreadyRunning = "BackupAlreadyRunning";
    public const string BackupDeletionInProgress = "BackupDeletionInProgress";
    public const string BackupLeaseLost = "BackupLeaseLost";
    public const string ManifestPartsNotInStore = "ManifestPartsNotInStore";
    public const string BackupCollectionNotFound = "BackupCollectionNotFound";
    public const string BackupIdNotFound = "BackupIdNotFound";

    public const string CopyVerificationFailed = "CopyVerificationFailed";
    public const string CopySameStore = "CopySameStore";
    public const string CopyAlreadyRunning = "CopyAlreadyRunning";

    public const string RetentionPolicyInvalid = "RetentionPolicyInvalid";
    public const string RetentionDeleteFailed = "RetentionDeleteFailed";

    public const string RestoreBackupNotUsable = "RestoreBackupNotUsable";
    public const string RestoreTargetIncompatible = "RestoreTargetIncompatible";
    public const string RestoreUploadFailed = "RestoreUploadFailed";
    public const string RestoreNotConverged = "RestoreNotConverged";
    public const string RestoreVerificationFailed = "RestoreVerificationFailed";
    public const string RestoreResetWouldDeleteCollections = "RestoreResetWouldDeleteCollections";

    public const string RedisEndpointInvalid = "RedisEndpointInvalid";
    public const string RedisUnreachable = "RedisUnreachable";
    public const string RedisAuthenticationFailed = "RedisAuthenticationFailed";
    public const string RedisCommandRefused = "RedisCommandRefused";
    public const string RedisRequestFailed = "RedisRequestFailed";
    public const string RedisRdbMalformed = "RedisRdbMalformed";
    public const string RedisRdbChecksumMismatch = "RedisRdbChecksumMismatch";
    public const string RedisRdbKeyCountMismatch = "RedisRdbKeyCountMismatch";
    public const string RedisDumpMalformed = "RedisDumpMalformed";
    public const string RedisDumpRecordChecksumMismatch = "RedisDumpRecordChecksumMismatch";
    public const string RedisDumpKeyCountMismatch = "RedisDumpKeyCountMismatch";
    public const string RedisRestoreVersionUnsupported = "RedisRestoreVersionUnsupported";
    public const string RedisRestoreKeyExists = "RedisRestoreKeyExists";
    public const string RedisReplicationUnhealthy = "RedisReplicationUnhealthy";
    public const string RedisTimeout = "RedisTimeout";
    public const string RedisTlsHandshakeFailed = "RedisTlsHandshakeFailed";
    public const string RedisEndpointNotRedis = "RedisEndpointNotRedis";
    public const string RedisBackupModeConflict = "RedisBackupModeConflict";
    public const string RedisCompareSameServer = "RedisCompareSameServer";
    public const string RedisDataDirectoryNotFound = "RedisDataDirectoryNotFound";
    public const string RedisDataFileExists = "RedisDataFileExists";
    public const string RedisDataFileWriteFailed = "RedisDataFileWriteFailed";

    public const string KubernetesScaleTimeout = "KubernetesScaleTimeout";
    public const string KubernetesRequestFailed = "KubernetesRequestFailed";
    public const string KubernetesConfigNotFound = "KubernetesConfigNotFound";
    public const string KubernetesConfigInvalid = "KubernetesConfigInvalid";
    public const string KubernetesUnreachable = "KubernetesUnreachable";
    public const string KubernetesTimeout = "KubernetesTimeout";
    public const string KubernetesServerUntrusted = "KubernetesServerUntrusted";

    // Configuration backups of a namespace (Backup-/Restore-DrKubernetesConfig).
    public const string KubernetesConfigSecretsNeedCertificate = "KubernetesConfigSecretsNeedCertificate";
    public const string KubernetesConfigBackupInvalid = "KubernetesConfigBackupInvalid";
    public const string KubernetesConfigApplyFailed = "KubernetesConfigApplyFailed";

    /// <summary>A duration parameter outside its documented range (every timeout, -MaxAge).</summary>
    public const string DurationOutOfRange = "DurationOutOfRange";

    /// <summary>A cmdlet had to ask for confirmation in a session that cannot prompt.</summary>
    public const string ConfirmationRequired = "ConfirmationRequired";

    // The environment file (Import-DrEnvironment, -Environment on every cmdlet).
    public const string EnvironmentNotFound = "EnvironmentNotFound";
    public const string EnvironmentInvalid = "EnvironmentInvalid";
    public const string EnvironmentSecretInFile = "EnvironmentSecretInFile";
    public const string EnvironmentSecretMissing = "EnvironmentSecretMissing";
    public const string EnvironmentRegionUnknown = "EnvironmentRegionUnknown";
    public const string EnvironmentSectionMissing = "EnvironmentSectionMissing";
    public const string EnvironmentParameterConflict = "EnvironmentParameterConflict";
    public const string ParameterRequired = "ParameterRequired";

    // Readiness and service checks (Test-DrRegionReadiness, Test-DrService).
    public const string RegionNotReady = "RegionNotReady";

    public const string FailoverInProgress = "FailoverInProgress";
    public const string FailoverSourceHealthy = "FailoverSourceHealthy";
    public const string FailoverRegionsSame = "FailoverRegionsSame";
    public const string FailoverJournalInvalid = "FailoverJournalInvalid";
    public const string FailoverStepFailed = "FailoverStepFailed";
    public const string FailoverVerifyFailed = "FailoverVerifyFailed";
    public const string FailoverRedisNotPromotable = "FailoverRedisNotPromotable";
    public const string FailoverSyncTimeout = "FailoverSyncTimeout";
    public const string FailoverRedisDiffers = "FailoverRedisDiffers";
    public const string FailoverRebuildTargetNotEmpty = "FailoverRebuildTargetNotEmpty";
    public const string FailoverRebuildBackupNotFound = "FailoverRebuildBackupNotFound";
    public const string FailoverRebuildFailed = "FailoverRebuildFailed";
    public const string FailoverWorkloadsNotReady = "FailoverWorkloadsNotReady";

    /// <summary>A step stopped by Ctrl+C (recorded in the journal; the run continues there next time).</summary>
    public const string OperationStopped = "OperationStopped";
    public const string DnsResolverUnreachable = "DnsResolverUnreachable";
    public const string DnsResolverInvalid = "DnsResolverInvalid";
    public const string ServiceNameUnresolved = "ServiceNameUnresolved";
    public const string ServiceCheckFailed = "ServiceCheckFailed";

    // Route53 (Get-DrDnsRecord, Set-DrDnsRecord) and DNS propagation (Test-DrDnsPropagation).
    public const string Route53ZoneNotFound = "Route53ZoneNotFound";
    public const string Route53ChangeNotFound = "Route53ChangeNotFound";
    public const string Route53ChangeRejected = "Route53ChangeRejected";
    public const string Route53RequestInvalid = "Route53RequestInvalid";
    public const string Route53AccessDenied = "Route53AccessDenied";
    public const string Route53CredentialsMissing = "Route53CredentialsMissing";
    public const string Route53EndpointInvalid = "Route53EndpointInvalid";
    public const string Route53Throttled = "Route53Throttled";
    public const string Route53Unreachable = "Route53Unreachable";
    public const string Route53Timeout = "Route53Timeout";
    public const string Route53RequestFailed = "Route53RequestFailed";
    public const string Route53ResponseInvalid = "Route53ResponseInvalid";
    public const string DnsRecordNotInZone = "DnsRecordNotInZone";
    public const string DnsPropagationTimeout = "DnsPropagationTimeout";
    public const string DnsChangeBatchWriteFailed = "DnsChangeBatchWriteFailed";

    public const string DrillFailed = "DrillFailed";
    public const string DrillCheckFailed = "DrillCheckFailed";
    public const string DrillNothingToRestore = "DrillNothingToRestore";
    public const string DrillCleanupFailed = "DrillCleanupFailed";
    public const string DrillRecordInvalid = "DrillRecordInvalid";
    public const string DrillStopped = "DrillStopped";
    public const string DrillScenarioNotAvailable = "DrillScenarioNotAvailable";
    public const string DrillScratchRedisInUse = "DrillScratchRedisInUse";
    // The audit log (Add-DrAuditRecord, Get-DrAuditLog, Test-DrAuditLog and every state-changing cmdlet's record).
    public const string AuditLogBroken = "AuditLogBroken";
    public const string AuditAppendFailed = "AuditAppendFailed";
    // Export-DrReport.
    public const string ReportInputUnsupported = "ReportInputUnsupported";
    public const string ReportExists = "ReportExists";
    public const string ReportDirectoryNotFound = "ReportDirectoryNotFound";
    public const string ReportPathInvalid = "ReportPathInvalid";
    public const string ReportWriteFailed = "ReportWriteFailed";
    // Update-DrSecret (secret rotation, plan scenario 4).
    public const string SecretNotFound = "SecretNotFound";
    public const string SecretKeyNotFound = "SecretKeyNotFound";
    public const string SecretHasNoKeys = "SecretHasNoKeys";
    // Restore proofs (Test-BackupIntegrity -Level Restore) and Export-DrMetrics.
    public const string RestoreProofInvalid = "RestoreProofInvalid";
    public const string RestoreProofWriteFailed = "RestoreProofWriteFailed";
    public const string IntegrityRecordInvalid = "IntegrityRecordInvalid";
    public const string IntegrityRecordWriteFailed = "IntegrityRecordWriteFailed";
    public const string MetricsPathInvalid = "MetricsPathInvalid";
    public const string MetricsDirectoryNotFound = "MetricsDirectoryNotFound";
    public const string MetricsWriteFailed = "MetricsWriteFailed";
    public const string MetricsPushFailed = "MetricsPushFailed";
}
