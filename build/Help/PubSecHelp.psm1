# Builds the module's help without platyPS (there is no PowerShell Gallery on the build machines):
# checks docs/help/*.md against the imported cmdlets and writes MAML plus the about topic.
# Markdown format: docs/help/README.md. One concept per dot-sourced file:
#   HelpProblem      the problem record every check reports
#   MarkdownReader   front matter, fence-aware headings, text blocks -> paragraphs
#   CommandDocument  one cmdlet's markdown -> model (synopsis, examples, parameters + yaml, ...)
#   CommandMetadata  the cmdlets as Get-Command sees them (sets, positions, pipeline, type names)
#   HelpValidation   markdown vs cmdlets -> problems
#   MamlWriter       model + cmdlet -> MAML via XmlWriter
#   AboutTopic       about_<Module>.md -> about_<Module>.help.txt
Set-StrictMode -Version Latest

foreach ($part in 'HelpProblem', 'MarkdownReader', 'CommandDocument', 'CommandMetadata', 'HelpValidation', 'MamlWriter', 'AboutTopic') {
    . (Join-Path $PSScriptRoot "$part.ps1")
}

function Test-PubSecHelpMarkdown {
    <#
    .SYNOPSIS
        Lists every difference between the help markdown and the module's cmdlets.
    .DESCRIPTION
        Returns one PubSecHelp.Problem (File, Line, Parameter, Message, Text) per problem, and
        nothing when the markdown is complete and agrees with Get-Command: a markdown file for each
        exported cmdlet and a cmdlet for each file, the same parameters (common parameters and
        ProgressAction excluded; WhatIf and Confirm included), Type/Aliases/Required/Position/
        pipeline input where the yaml states them, a SYNOPSIS, a DESCRIPTION, at least two
        examples with code, and about_<Module>.md.
    .EXAMPLE
        Test-PubSecHelpMarkdown -MarkdownPath docs/help -Module out/PubSecDr/PubSecDr.psd1 | Format-List Text
    #>
    [CmdletBinding()]
    [OutputType('PubSecHelp.Problem')]
    param(
        # The folder of <Verb-Noun>.md files and about_<Module>.md.
        [Parameter(Mandatory)] [string] $MarkdownPath,
        # The imported module (PSModuleInfo), or the path of one to import.
        [Parameter(Mandatory)] [object] $Module
    )
    $moduleInfo = Resolve-HelpModule $Module
    $path = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($MarkdownPath)
    (Invoke-HelpCheck -MarkdownPath $path -ModuleInfo $moduleInfo).Problems
}

function ConvertTo-PubSecMaml {
    <#
    .SYNOPSIS
        Writes the module's MAML help and about topic from the markdown, or fails listing every problem.
    .DESCRIPTION
        Runs Test-PubSecHelpMarkdown first and throws (error id HelpMarkdownMismatch, the problems as
        target object) if it finds anything. Otherwise writes, into -OutputPath, one
        <Assembly>.dll-Help.xml per assembly that defines the cmdlets (PubSec.Dr.Cmdlets.dll-Help.xml
        for PubSecDr) and about_<Module>.help.txt, and returns the files written.
        For Get-Help to find them, -OutputPath must be the module's folder or its en-US subfolder
        (or the cmdlet assembly's folder or its en-US subfolder).
    .EXAMPLE
        ConvertTo-PubSecMaml -MarkdownPath docs/help -Module (Import-Module out/PubSecDr/PubSecDr.psd1 -PassThru) -OutputPath out/PubSecDr/en-US
    #>
    [CmdletBinding()]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Mandatory)] [string] $MarkdownPath,
        [Parameter(Mandatory)] [object] $Module,
        # Created if missing. Existing help files of the same names are replaced.
        [Parameter(Mandatory)] [string] $OutputPath
    )
    $moduleInfo = Resolve-HelpModule $Module
    $markdown = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($MarkdownPath)
    $output = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($OutputPath)
    $check = Invoke-HelpCheck -MarkdownPath $markdown -ModuleInfo $moduleInfo
    if ($check.Problems.Count -gt 0) {
        $PSCmdlet.ThrowTerminatingError((New-HelpMismatchError $check.Problems $markdown $moduleInfo))
    }
    [void](New-Item -ItemType Directory -Force -Path $output)
    # Get-Help looks for the file named after the assembly that defines each cmdlet (CmdletInfo.HelpFile).
    foreach ($group in $check.Pairs | Group-Object { [System.IO.Path]::GetFileName($_.Command.HelpFile) }) {
        Write-PubSecMamlFile -Path (Join-Path $output $group.Name) -Pairs $group.Group
    }
    Write-AboutHelpFile -Document $check.About -OutputPath $output
}

function New-HelpMismatchError {
    # One terminating error that lists every problem, so an author fixes them all in one round.
    param([object[]] $Problems, [string] $MarkdownPath, [System.Management.Automation.PSModuleInfo] $ModuleInfo)
    $lines = @($Problems | ForEach-Object { "  - $($_.Text)" })
    $message = "The help markdown in $MarkdownPath does not match module $($ModuleInfo.Name) ($($Problems.Count) problem(s)); no help was written:`n$($lines -join "`n")"
    $exception = [System.InvalidOperationException]::new($message)
    $record = [System.Management.Automation.ErrorRecord]::new($exception, 'HelpMarkdownMismatch', 'InvalidData', [object[]]$Problems)
    $record.ErrorDetails = [System.Management.Automation.ErrorDetails]::new($message)
    $record.ErrorDetails.RecommendedAction = 'Fix each listed markdown file (see docs/help/README.md for the format), then build again.'
    $record
}

Export-ModuleMember -Function Test-PubSecHelpMarkdown, ConvertTo-PubSecMaml
