# Compares the help markdown with the imported module and lists every difference. The build fails
# on any of them: help that drifts from the cmdlets is worse than no help, because operators trust it
# in the middle of an incident.

$script:MinimumExampleCount = 2

function Get-CommandMarkdownFile {
    # The per-cmdlet markdown files: everything but the about topic and the authors' README.
    param([Parameter(Mandatory)] [string] $MarkdownPath)
    @(Get-ChildItem -LiteralPath $MarkdownPath -Filter '*.md' -File |
        Where-Object { $_.Name -notlike 'about_*' -and $_.Name -ne 'README.md' } |
        Sort-Object Name)
}

function Invoke-HelpCheck {
    # Reads all markdown, pairs each file with its cmdlet and returns the pairs, the about topic
    # and the problems. Shared by Test-PubSecHelpMarkdown and ConvertTo-PubSecMaml so both read
    # the files once and agree on what is wrong.
    param(
        [Parameter(Mandatory)] [string] $MarkdownPath,
        [Parameter(Mandatory)] [System.Management.Automation.PSModuleInfo] $ModuleInfo
    )
    $problems = [System.Collections.Generic.List[object]]::new()
    $pairs = [System.Collections.Generic.List[object]]::new()
    $result = [pscustomobject]@{ Pairs = $pairs; About = $null; Problems = $problems }
    if (-not (Test-Path -LiteralPath $MarkdownPath -PathType Container)) {
        $problems.Add((New-HelpProblem -File $MarkdownPath -Message 'the markdown folder does not exist.'))
        return $result
    }

    $commands = @{}
    foreach ($command in Get-HelpModuleCmdlet $ModuleInfo) { $commands[$command.Name] = $command }
    $documents = @{}
    foreach ($file in Get-CommandMarkdownFile $MarkdownPath) {
        $document = Read-CommandHelpDocument $file.FullName
        $documents[$document.Name] = $document
        $command = $commands[$document.Name]
        if (-not $command) {
            $problems.Add((New-HelpProblem -File $document.FileName -Message "module $($ModuleInfo.Name) exports no cmdlet '$($document.Name)'. Rename the file to match a cmdlet, or delete it."))
            continue
        }
        $problems.AddRange(@(Test-CommandHelpDocument $document $command $ModuleInfo))
        $pairs.Add([pscustomobject]@{ Document = $document; Command = $command })
    }
    foreach ($name in $commands.Keys | Sort-Object) {
        if (-not $documents.ContainsKey($name)) {
            $problems.Add((New-HelpProblem -File "$name.md" -Message "cmdlet $name has no help markdown; write $(Join-Path $MarkdownPath "$name.md")."))
        }
    }

    $aboutPath = Join-Path $MarkdownPath "about_$($ModuleInfo.Name).md"
    if (Test-Path -LiteralPath $aboutPath -PathType Leaf) {
        $result.About = Read-AboutHelpDocument $aboutPath
        $problems.AddRange(@($result.About.Problems))
    } else {
        $problems.Add((New-HelpProblem -File "about_$($ModuleInfo.Name).md" -Message "the module's about topic is missing; write $aboutPath."))
    }
    $result
}

function Test-CommandHelpDocument {
    # Every problem of one markdown file compared with its cmdlet.
    param(
        [Parameter(Mandatory)] [object] $Document,
        [Parameter(Mandatory)] [System.Management.Automation.CmdletInfo] $Command,
        [Parameter(Mandatory)] [System.Management.Automation.PSModuleInfo] $ModuleInfo
    )
    $file = $Document.FileName
    $Document.Problems
    if ($Document.Title -and $Document.Title -cne $Command.Name) {
        New-HelpProblem -File $file -Line $Document.TitleLine -Message "the title '# $($Document.Title)' must be the cmdlet name '# $($Command.Name)'."
    }
    Test-HelpFrontMatter $Document $Command $ModuleInfo
    if ($Document.Synopsis.Count -eq 0) { New-HelpProblem -File $file -Message "'## SYNOPSIS' is missing or empty." }
    if ($Document.Description.Count -eq 0) { New-HelpProblem -File $file -Message "'## DESCRIPTION' is missing or empty." }
    Test-HelpExampleSet $Document
    Test-HelpParameterSet $Document $Command
}

function Test-HelpFrontMatter {
    # The front matter is optional, but when it names the help file or module it must be right:
    # a wrong 'external help file' is how platyPS-built help ends up where Get-Help never looks.
    param([object] $Document, [System.Management.Automation.CmdletInfo] $Command, [System.Management.Automation.PSModuleInfo] $ModuleInfo)
    $helpFile = [System.IO.Path]::GetFileName($Command.HelpFile)
    $stated = $Document.FrontMatter['external help file']
    if ($stated -and $stated -ne $helpFile) {
        New-HelpProblem -File $Document.FileName -Message "front matter says 'external help file: $stated', but $($Command.Name) reads its help from '$helpFile'."
    }
    $module = $Document.FrontMatter['Module Name']
    if ($module -and $module -ne $ModuleInfo.Name) {
        New-HelpProblem -File $Document.FileName -Message "front matter says 'Module Name: $module', but the cmdlet comes from module '$($ModuleInfo.Name)'."
    }
}

function Test-HelpExampleSet {
    param([object] $Document)
    $count = @($Document.Examples).Count
    if ($count -lt $script:MinimumExampleCount) {
        New-HelpProblem -File $Document.FileName -Message "'## EXAMPLES' has $count example(s); at least $script:MinimumExampleCount '### Example N: Title' subsections with code are required."
    }
    foreach ($example in $Document.Examples) {
        if (-not $example.HasCode) {
            New-HelpProblem -File $Document.FileName -Line $example.Line -Message "example '$($example.Title)' has no fenced code block."
        }
    }
}

function Test-HelpParameterSet {
    # Names first (each documented parameter exists and each real one is documented), then the
    # yaml metadata of every parameter that exists on both sides.
    param([object] $Document, [System.Management.Automation.CmdletInfo] $Command)
    $file = $Document.FileName
    $seen = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::OrdinalIgnoreCase)
    foreach ($parameter in $Document.Parameters) {
        if (-not $seen.Add($parameter.Name)) {
            New-HelpProblem -File $file -Line $parameter.Line -Parameter $parameter.Name -Message 'is documented twice.'
            continue
        }
        $actual = $Command.Parameters[$parameter.Name]
        if ($parameter.Name -eq 'ProgressAction') {
            New-HelpProblem -File $file -Line $parameter.Line -Parameter $parameter.Name -Message 'must not be documented; remove this subsection.'
        } elseif (-not (Test-DocumentedParameter $parameter.Name)) {
            New-HelpProblem -File $file -Line $parameter.Line -Parameter $parameter.Name -Message "is a common parameter; '### CommonParameters' covers it, remove this subsection."
        } elseif (-not $actual) {
            New-HelpProblem -File $file -Line $parameter.Line -Parameter $parameter.Name -Message "is documented, but $($Command.Name) has no such parameter."
        } else {
            if ($actual.Name -cne $parameter.Name) {
                New-HelpProblem -File $file -Line $parameter.Line -Parameter $parameter.Name -Message "is spelled '-$($actual.Name)' by the cmdlet."
            }
            Test-HelpParameterMetadata $Document $Command $parameter
        }
    }
    foreach ($name in Get-DocumentedParameterName $Command) {
        if (-not $seen.Contains($name)) {
            $type = Get-HelpTypeName $Command.Parameters[$name].ParameterType
            New-HelpProblem -File $file -Parameter $name -Message "$($Command.Name) has this parameter ($type), but '## PARAMETERS' has no '### -$name' subsection."
        }
    }
}

function Test-HelpParameterMetadata {
    # Checks each yaml block of one parameter against the parameter sets it covers. A parameter
    # whose Required/Position/pipeline input differ between sets needs one block per set (as
    # platyPS writes them), each naming its sets in 'Parameter Sets'.
    param([object] $Document, [System.Management.Automation.CmdletInfo] $Command, [object] $Parameter)
    $usage = @(Get-ParameterSetUsage $Command $Parameter.Name)
    $memberSets = @($usage | ForEach-Object SetName)
    $covered = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::OrdinalIgnoreCase)
    foreach ($block in $Parameter.Metadata) {
        $context = @{ File = $Document.FileName; Parameter = $Parameter.Name }
        $resolved = Resolve-HelpParameterSetName $block $Command $memberSets $context
        $resolved.Problems
        foreach ($set in $resolved.Sets) { [void]$covered.Add($set) }
        $blockUsage = @($usage | Where-Object { $_.SetName -in $resolved.Sets })
        Test-HelpMetadataType $block $Command.Parameters[$Parameter.Name] $context
        Test-HelpMetadataAlias $block $Command.Parameters[$Parameter.Name] $context
        Test-HelpMetadataValue $block $blockUsage 'Required' $context { param($p) [string]$p.IsMandatory } { param($text) Get-HelpBooleanText $text }
        Test-HelpMetadataValue $block $blockUsage 'Position' $context { param($p) Format-HelpPosition $p } { param($text) Get-HelpPositionText $text }
        Test-HelpMetadataValue $block $blockUsage 'Accept pipeline input' $context { param($p) Format-PipelineInput (Get-PipelineInputKind $p) } { param($text) Get-HelpPipelineText $text }
    }
    if (@($Parameter.Metadata).Count -gt 1) {
        $missing = @($memberSets | Where-Object { -not $covered.Contains($_) })
        if ($missing.Count -gt 0) {
            New-HelpProblem -File $Document.FileName -Line $Parameter.Line -Parameter $Parameter.Name -Message "no yaml block covers parameter set(s) $($missing -join ', ')."
        }
    }
}

function Resolve-HelpParameterSetName {
    # The set names a yaml block covers: its 'Parameter Sets' value ('(All)' or a comma list) or,
    # when unstated, every set the parameter belongs to. Wrong names are reported and dropped, so
    # the remaining checks still run against the sets that are right. Returns Sets and Problems.
    param([object] $Block, [System.Management.Automation.CmdletInfo] $Command, [string[]] $MemberSets, [hashtable] $Context)
    $text = $Block.Values['Parameter Sets']
    $line = $Block.LineOf['Parameter Sets']
    $allSets = @($Command.ParameterSets | ForEach-Object Name)
    $problems = [System.Collections.Generic.List[object]]::new()
    $sets = $MemberSets
    if ($text -and $text.Trim() -eq '(All)') {
        if (@($MemberSets).Count -lt $allSets.Count) {
            $problems.Add((New-HelpProblem @Context -Line $line -Message "'Parameter Sets: (All)', but the parameter is only in: $($MemberSets -join ', ')."))
        }
    } elseif ($text) {
        $named = @($text -split ',' | ForEach-Object Trim | Where-Object { $_ })
        foreach ($name in $named) {
            if ($name -notin $allSets) {
                $shown = ($allSets | ForEach-Object { Format-HelpSetName $_ }) -join ', '
                $problems.Add((New-HelpProblem @Context -Line $line -Message "'Parameter Sets: $text' names '$name', but $($Command.Name) has the sets: $shown."))
            } elseif ($name -notin $MemberSets) {
                $problems.Add((New-HelpProblem @Context -Line $line -Message "'Parameter Sets: $text' names '$name', which does not contain this parameter (it is in: $($MemberSets -join ', '))."))
            }
        }
        $sets = @($named | Where-Object { $_ -in $MemberSets })
    }
    [pscustomobject]@{ Sets = [string[]]@($sets); Problems = $problems.ToArray() }
}

function Test-HelpMetadataType {
    param([object] $Block, [System.Management.Automation.ParameterMetadata] $Actual, [hashtable] $Context)
    $text = $Block.Values['Type']
    if ($null -eq $text) { return }
    if (-not (Test-HelpTypeName $Actual.ParameterType $text)) {
        New-HelpProblem @Context -Line $Block.LineOf['Type'] -Message "markdown says 'Type: $text', the cmdlet's type is $(Get-HelpTypeName $Actual.ParameterType) ($($Actual.ParameterType.FullName))."
    }
}

function Test-HelpMetadataAlias {
    # An 'Aliases:' line, even an empty one, states the complete list of aliases.
    param([object] $Block, [System.Management.Automation.ParameterMetadata] $Actual, [hashtable] $Context)
    if (-not $Block.Values.Contains('Aliases')) { return }
    $stated = @($Block.Values['Aliases'] -split ',' | ForEach-Object Trim | Where-Object { $_ } | Sort-Object -Unique)
    $real = @($Actual.Aliases | Sort-Object -Unique)
    if (($stated -join ',') -ne ($real -join ',')) {
        $shown = if ($real.Count) { $real -join ', ' } else { 'none' }
        New-HelpProblem @Context -Line $Block.LineOf['Aliases'] -Message "markdown says 'Aliases: $($Block.Values['Aliases'])', the cmdlet's aliases are: $shown."
    }
}

function Test-HelpMetadataValue {
    # Compares one yaml key with the value the cmdlet has in every set the block covers.
    # $Expected turns a CommandParameterInfo into the canonical text; $Normalize turns the
    # markdown's text into the same canonical form, or $null when it is not a valid value.
    param([object] $Block, [object[]] $Usage, [string] $Key, [hashtable] $Context, [scriptblock] $Expected, [scriptblock] $Normalize)
    if (-not $Block.Values.Contains($Key) -or @($Usage).Count -eq 0) { return }
    $line = $Block.LineOf[$Key]
    $text = $Block.Values[$Key]
    $stated = & $Normalize $text
    if ($null -eq $stated) {
        New-HelpProblem @Context -Line $line -Message "'${Key}: $text' is not a valid value."
        return
    }
    $bySet = [ordered]@{}
    foreach ($entry in $Usage) { $bySet[$entry.SetName] = & $Expected $entry.Parameter }
    $distinct = @($bySet.Values | Sort-Object -Unique)
    if ($distinct.Count -gt 1) {
        $detail = ($bySet.Keys | ForEach-Object { "$(Format-HelpSetName $_): $($bySet[$_])" }) -join '; '
        New-HelpProblem @Context -Line $line -Message "'$Key' differs between parameter sets ($detail); write one yaml block per set, each with 'Parameter Sets: <name>'."
    } elseif ($stated -ne $distinct[0]) {
        New-HelpProblem @Context -Line $line -Message "markdown says '${Key}: $text', the cmdlet says '$($distinct[0])'."
    }
}

function Format-HelpSetName {
    param([string] $Name)
    if ($Name -eq $script:AllParameterSets) { '(All)' } else { $Name }
}

function Get-HelpBooleanText {
    param([string] $Text)
    switch -Regex ($Text.Trim()) { '^true$' { 'True' } '^false$' { 'False' } default { $null } }
}

function Get-HelpPositionText {
    param([string] $Text)
    $value = $Text.Trim()
    if ($value -eq 'Named') { return 'Named' }
    $number = 0
    if ([int]::TryParse($value, [ref]$number) -and $number -ge 0) { return [string]$number }
    $null
}

function Get-HelpPipelineText {
    # 'False', or 'True (ByValue)' / 'True (ByPropertyName, ByValue)' in any order.
    param([string] $Text)
    $value = $Text.Trim()
    if ($value -eq 'False') { return 'False' }
    if ($value -notmatch '^True\s*\((?<kinds>[^)]*)\)$') { return $null }
    $kinds = @($Matches.kinds -split ',' | ForEach-Object Trim | Where-Object { $_ })
    if (@($kinds | Where-Object { $_ -notin 'ByValue', 'ByPropertyName', 'FromRemainingArguments' }).Count -gt 0) { return $null }
    Format-PipelineInput $kinds
}
