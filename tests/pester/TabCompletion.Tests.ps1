# Tab completion of -Collection and -Id from the store named by -Store on the command line. A folder store is
# enough: what is pinned is how the completer finds and opens the store, not the store kind.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:LabParams = Get-LabBackupParameters
    New-LabCollection -Name 'tc-docs' -ShardNumber 1 -ReplicationFactor 1 -PointCount 20 -Seed 181
    $script:Store = New-TestStore -Kind Folder
    $script:Made = New-QdrantBackup @LabParams -Collection 'tc-docs' -Store $Store

    function Get-Completion([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText }
}

AfterAll {
    Remove-TestStoresMade
    Remove-LabCollection 'tc-docs'
}

Describe 'Tab completion' {
    It 'completes collection names and backup ids from the store named by -Store' {
        Get-Completion "Get-DrBackup -Store '$Store' -Collection tc-d" | Should -Be 'tc-docs'
        Get-Completion "Get-DrBackup -Store '$Store' -Id " | Should -Contain $Made.Id
    }

    It 'resolves a relative -Store against the PowerShell location, not the process folder' {
        # Set-Location moves PowerShell's location only; the process folder stays where it was, as in every runbook host.
        $parent = Split-Path $Store -Parent
        $relative = Join-Path '.' (Split-Path $Store -Leaf)
        Push-Location $parent
        try {
            [Environment]::CurrentDirectory | Should -Not -Be $parent -Because 'otherwise the process folder would find the store too'
            Test-Path -LiteralPath (Join-Path ([Environment]::CurrentDirectory) $relative) | Should -BeFalse

            Get-Completion "Get-DrBackup -Store $relative -Collection tc-d" | Should -Be 'tc-docs'
            Get-Completion "Get-DrBackup -Store $relative -Id " | Should -Contain $Made.Id
        } finally { Pop-Location }
    }

    It 'offers nothing, and does not throw, for a store that does not exist' {
        Get-Completion "Get-DrBackup -Store ./no-such-store-$([Guid]::NewGuid().ToString('N')) -Collection " | Should -BeNullOrEmpty
    }
}
