# The module's about topic: about_<Module>.md in, about_<Module>.help.txt out. Get-Help shows
# about topics as plain text, so the conversion lays the markdown out the way PowerShell's own
# about_*.help.txt files look (TOPIC, upper-case section titles, text indented by four spaces).

$script:RequiredAboutSections = 'SHORT DESCRIPTION', 'LONG DESCRIPTION'

function Read-AboutHelpDocument {
    param([Parameter(Mandatory)] [string] $Path)
    $fileName = [System.IO.Path]::GetFileName($Path)
    $topic = [System.IO.Path]::GetFileNameWithoutExtension($Path)
    $split = Split-MarkdownFrontMatter (Read-MarkdownFile $Path)
    $problems = [System.Collections.Generic.List[object]]::new()
    $top = @(Split-MarkdownHeading $split.Body 1 -LineOffset $split.BodyOffset)
    $title = $top | Where-Object Heading | Select-Object -First 1
    if (-not $title) {
        $problems.Add((New-HelpProblem -File $fileName -Message "has no '# $topic' title line."))
    } else {
        if ($title.Heading -ne $topic) {
            $problems.Add((New-HelpProblem -File $fileName -Line $title.Line -Message "the title '# $($title.Heading)' must be '# $topic'."))
        }
        $sections = @(Split-MarkdownHeading $title.Lines 2 -LineOffset $title.Line | Where-Object Heading)
        foreach ($required in $script:RequiredAboutSections) {
            $section = $sections | Where-Object { $_.Heading -eq $required } | Select-Object -First 1
            if (-not $section -or @(Get-MarkdownText $section.Lines).Count -eq 0) {
                $problems.Add((New-HelpProblem -File $fileName -Message "'## $required' is missing or empty."))
            }
        }
    }
    [pscustomobject]@{ Path = $Path; FileName = $fileName; Topic = $topic; Lines = $split.Body; Problems = $problems }
}

function ConvertTo-AboutHelpText {
    # Markdown -> about_*.help.txt layout. Code (fenced or indented) keeps its own line breaks and
    # is indented further; prose lines keep the author's wrapping, so tables and lists stay aligned.
    param([Parameter(Mandatory)] [object] $Document)
    $output = [System.Collections.Generic.List[string]]::new()
    $openFence = $null
    foreach ($line in $Document.Lines) {
        $fence = $null
        if ($openFence) {
            if (Test-MarkdownFenceClose $line $openFence) { $openFence = $null }
            else { $output.Add(('        ' + $line).TrimEnd()) }
            continue
        }
        if (Test-MarkdownFence $line ([ref]$fence)) { $openFence = $fence; continue }
        if ($line -match '^#\s+(?<text>.+?)\s*$') {
            Add-AboutBlankLine $output
            $output.Add('TOPIC'); $output.Add("    $($Matches.text)")
        } elseif ($line -match '^##\s+(?<text>.+?)\s*$') {
            Add-AboutBlankLine $output
            $output.Add($Matches.text.ToUpperInvariant())
        } elseif ($line -match '^#{3,6}\s+(?<text>.+?)\s*$') {
            Add-AboutBlankLine $output
            $output.Add("    $($Matches.text.ToUpperInvariant())")
        } elseif ($line.Trim() -eq '') {
            Add-AboutBlankLine $output
        } else {
            $output.Add(('    ' + (ConvertFrom-MarkdownInline $line)).TrimEnd())
        }
    }
    while ($output.Count -gt 0 -and $output[$output.Count - 1] -eq '') { $output.RemoveAt($output.Count - 1) }
    ($output -join "`n") + "`n"
}

function Add-AboutBlankLine {
    # One blank line between blocks, never two, never at the start.
    param([System.Collections.Generic.List[string]] $Output)
    if ($Output.Count -gt 0 -and $Output[$Output.Count - 1] -ne '') { $Output.Add('') }
}

function ConvertFrom-MarkdownInline {
    # Links read badly in plain text: '[Get-DrBackup](Get-DrBackup.md)' becomes 'Get-DrBackup'
    # (Get-Help finds it by name) and web links keep their address in parentheses.
    param([AllowEmptyString()] [string] $Line)
    $Line = [regex]::Replace($Line, '\[(?<text>[^\]]+)\]\((?<uri>[a-z][a-z0-9+.-]*://[^)]*)\)', '${text} (${uri})')
    [regex]::Replace($Line, '\[(?<text>[^\]]+)\]\([^)]*\)', '${text}')
}

function Write-AboutHelpFile {
    param([Parameter(Mandatory)] [object] $Document, [Parameter(Mandatory)] [string] $OutputPath)
    $path = Join-Path $OutputPath "$($Document.Topic).help.txt"
    [System.IO.File]::WriteAllText($path, (ConvertTo-AboutHelpText $Document), [System.Text.UTF8Encoding]::new($false))
    Get-Item -LiteralPath $path
}
