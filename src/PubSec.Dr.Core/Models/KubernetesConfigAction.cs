namespace PubSec.Dr;

/// <summary>What a configuration restore did (or, under -WhatIf, would do) with one object.</summary>
public enum KubernetesConfigAction
{
    Created,
    Replaced,
    Unchanged,
    Failed,
    Skipped,
}
