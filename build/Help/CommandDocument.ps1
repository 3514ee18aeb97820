# Reads one cmdlet's help markdown (docs/help/<Verb-Noun>.md) into a plain model. Problems of the
# markdown itself (unknown sections, bad yaml lines, unclosed fences) are collected on the model;
# comparing it with the cmdlet is HelpValidation.ps1's job.

$script:KnownSections = 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'

# The keys platyPS writes in a parameter's yaml block. Anything else is most likely a typo
# ('Require: True') that would silently skip a check, so it is reported.
$script:KnownMetadataKeys = 'Type', 'Parameter Sets', 'Aliases', 'Required', 'Position', 'Default value',
    'Accept pipeline input', 'Accept wildcard characters', 'Applicable'

function Read-CommandHelpDocument {
    param([Parameter(Mandatory)] [string] $Path)
    $fileName = [System.IO.Path]::GetFileName($Path)
    $problems = [System.Collections.Generic.List[object]]::new()
    $split = Split-MarkdownFrontMatter (Read-MarkdownFile $Path)
    $top = @(Split-MarkdownHeading $split.Body 1 -LineOffset $split.BodyOffset)
    $titleSection = $top | Where-Object Heading | Select-Object -First 1
    $document = [pscustomobject]@{
        Path        = $Path
        FileName    = $fileName
        Name        = [System.IO.Path]::GetFileNameWithoutExtension($Path)
        FrontMatter = $split.FrontMatter
        Title       = $null
        TitleLine   = 0
        Sections    = @{}
        Synopsis    = [string[]]@()
        Description = [string[]]@()
        Examples    = @()
        Parameters  = @()
        Inputs      = @()
        Outputs     = @()
        Notes       = [string[]]@()
        Links       = @()
        Problems    = $problems
    }
    if (-not $titleSection) {
        $problems.Add((New-HelpProblem -File $fileName -Message "has no '# $($document.Name)' title line."))
        return $document
    }
    $document.Title = $titleSection.Heading
    $document.TitleLine = $titleSection.Line
    foreach ($section in Split-MarkdownHeading $titleSection.Lines 2 -LineOffset $titleSection.Line) {
        if (-not $section.Heading) { continue }
        Add-UnclosedFenceProblem $fileName $section $problems
        $name = $section.Heading.ToUpperInvariant()
        if ($name -notin $script:KnownSections) {
            $problems.Add((New-HelpProblem -File $fileName -Line $section.Line -Message "unknown section '## $($section.Heading)'; expected one of: $($script:KnownSections -join ', ')."))
            continue
        }
        if ($document.Sections.ContainsKey($name)) {
            $problems.Add((New-HelpProblem -File $fileName -Line $section.Line -Message "section '## $name' appears twice."))
            continue
        }
        $document.Sections[$name] = $section
    }
    Read-CommandHelpSection $document
    $document
}

function Add-UnclosedFenceProblem {
    # An unclosed ``` swallows the rest of the file into one code block; say where it starts.
    param([string] $FileName, [object] $Section, [System.Collections.Generic.List[object]] $Problems)
    foreach ($block in @(Get-MarkdownBlock $Section.Lines)) {
        if ($block.Unclosed) {
            $Problems.Add((New-HelpProblem -File $FileName -Line $Section.Line -Message "section '## $($Section.Heading)' has a code fence that is never closed."))
        }
    }
}

function Read-CommandHelpSection {
    # Fills the model's parts from the sections found; absent sections leave them empty.
    param([Parameter(Mandatory)] [object] $Document)
    $sections = $Document.Sections
    if ($sections.ContainsKey('SYNOPSIS')) { $Document.Synopsis = @(Get-MarkdownText $sections.SYNOPSIS.Lines) }
    if ($sections.ContainsKey('DESCRIPTION')) { $Document.Description = @(Get-MarkdownText $sections.DESCRIPTION.Lines) }
    if ($sections.ContainsKey('NOTES')) { $Document.Notes = @(Get-MarkdownText $sections.NOTES.Lines) }
    if ($sections.ContainsKey('EXAMPLES')) { $Document.Examples = @(Read-HelpExample $sections.EXAMPLES) }
    if ($sections.ContainsKey('PARAMETERS')) { $Document.Parameters = @(Read-HelpParameter $Document $sections.PARAMETERS) }
    if ($sections.ContainsKey('INPUTS')) { $Document.Inputs = @(Read-HelpTypeEntry $sections.INPUTS) }
    if ($sections.ContainsKey('OUTPUTS')) { $Document.Outputs = @(Read-HelpTypeEntry $sections.OUTPUTS) }
    if ($sections.ContainsKey('RELATED LINKS')) { $Document.Links = @(Read-HelpLink $sections.'RELATED LINKS'.Lines) }
}

function Read-HelpExample {
    # '### Example N: Title', then fenced code (the example's code; several fences are joined) and
    # remarks paragraphs. Text before the first fence is kept as remarks too, so nothing is lost.
    param([Parameter(Mandatory)] [object] $Section)
    foreach ($sub in Split-MarkdownHeading $Section.Lines 3 -LineOffset $Section.Line) {
        if (-not $sub.Heading) { continue }
        $blocks = @(Get-MarkdownBlock $sub.Lines)
        $code = @($blocks | Where-Object Kind -EQ 'Fence' | ForEach-Object { $_.Lines -join "`n" })
        $remarks = @(ConvertTo-HelpParagraph @($blocks | Where-Object Kind -NE 'Fence'))
        [pscustomobject]@{ Title = $sub.Heading; Line = $sub.Line; Code = ($code -join "`n`n"); HasCode = ($code -join '').Trim() -ne ''; Remarks = $remarks }
    }
}

function Read-HelpParameter {
    # '### -Name' subsections: description paragraphs plus one or more ```yaml metadata blocks.
    # '### CommonParameters' is the fixed platyPS boilerplate and carries nothing to check.
    param([Parameter(Mandatory)] [object] $Document, [Parameter(Mandatory)] [object] $Section)
    foreach ($sub in Split-MarkdownHeading $Section.Lines 3 -LineOffset $Section.Line) {
        if (-not $sub.Heading -or $sub.Heading -eq 'CommonParameters') { continue }
        if ($sub.Heading -notmatch '^-(?<name>[A-Za-z_][\w-]*)$') {
            $Document.Problems.Add((New-HelpProblem -File $Document.FileName -Line $sub.Line -Message "parameter heading '### $($sub.Heading)' must be '### -ParameterName' (or '### CommonParameters')."))
            continue
        }
        $name = $Matches.name
        $blocks = @(Get-MarkdownBlock $sub.Lines)
        $metadata = @(Get-HelpYamlBlockLine $sub | ForEach-Object { ConvertFrom-HelpYamlBlock $Document $name $_ })
        [pscustomobject]@{
            Name        = $name
            Line        = $sub.Line
            Description = @(ConvertTo-HelpParagraph @($blocks | Where-Object { -not ($_.Kind -eq 'Fence' -and $_.Language -eq 'yaml') }))
            Metadata    = $metadata
        }
    }
}

function Get-HelpYamlBlockLine {
    # The ```yaml blocks of a parameter subsection, each with the file line of its first content
    # line, so a bad 'Required: Yes' is reported on its own line.
    param([Parameter(Mandatory)] [object] $Subsection)
    $lines = $Subsection.Lines
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $fence = $null; $language = $null
        if (-not (Test-MarkdownFence $lines[$i] ([ref]$fence) ([ref]$language))) { continue }
        $start = $i + 1
        for ($i = $start; $i -lt $lines.Count; $i++) {
            if (Test-MarkdownFenceClose $lines[$i] $fence) { break }
        }
        if ($language -eq 'yaml') {
            [pscustomobject]@{ FirstLine = $Subsection.Line + $start + 1; Lines = [string[]]@($lines | Select-Object -Skip $start -First ($i - $start)) }
        }
    }
}

function ConvertFrom-HelpYamlBlock {
    # Reads the flat 'Key: Value' lines of a parameter's yaml block. Keys are matched without regard
    # to case and stored under their canonical spelling.
    param([object] $Document, [string] $ParameterName, [object] $Block)
    $values = [ordered]@{}
    $lineNumbers = @{}
    for ($i = 0; $i -lt $Block.Lines.Count; $i++) {
        $line = $Block.Lines[$i]
        $lineNumber = $Block.FirstLine + $i
        if ($line.Trim() -eq '') { continue }
        if ($line -notmatch '^\s*(?<key>[^:]+?)\s*:\s*(?<value>.*?)\s*$') {
            $Document.Problems.Add((New-HelpProblem -File $Document.FileName -Line $lineNumber -Parameter $ParameterName -Message "yaml line '$line' is not 'Key: Value'."))
            continue
        }
        $key = $script:KnownMetadataKeys | Where-Object { $_ -eq $Matches.key } | Select-Object -First 1
        if (-not $key) {
            $Document.Problems.Add((New-HelpProblem -File $Document.FileName -Line $lineNumber -Parameter $ParameterName -Message "unknown yaml key '$($Matches.key)'; expected one of: $($script:KnownMetadataKeys -join ', ')."))
            continue
        }
        $values[$key] = $Matches.value
        $lineNumbers[$key] = $lineNumber
    }
    [pscustomobject]@{ Line = $Block.FirstLine; Values = $values; LineOf = $lineNumbers }
}

function Read-HelpTypeEntry {
    # INPUTS and OUTPUTS: '### TypeName' subsections with a description each.
    param([Parameter(Mandatory)] [object] $Section)
    foreach ($sub in Split-MarkdownHeading $Section.Lines 3 -LineOffset $Section.Line) {
        if (-not $sub.Heading) { continue }
        [pscustomobject]@{ TypeName = $sub.Heading; Description = @(Get-MarkdownText $sub.Lines) }
    }
}

function Read-HelpLink {
    # One link per line: '[Text](target)' or bare text. Only absolute URIs are kept as maml:uri;
    # a relative 'Get-DrBackup.md' means "the help of that command", which Get-Help shows by name.
    param([Parameter(Mandatory)] [AllowEmptyString()] [AllowEmptyCollection()] [string[]] $Lines)
    foreach ($line in $Lines) {
        $text = ($line.Trim() -replace '^[-*+]\s+', '')
        if ($text -eq '') { continue }
        if ($text -match '^\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)') {
            $linkText = $Matches.text
            $target = $Matches.uri
            $uri = if ($target -match '^[a-z][a-z0-9+.-]*://') { $target } else { '' }
            [pscustomobject]@{ Text = $linkText; Uri = $uri }
        } else {
            [pscustomobject]@{ Text = $text; Uri = '' }
        }
    }
}
