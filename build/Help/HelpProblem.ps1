# One problem found in the help markdown. Every check reports through this, so each message names
# the file (and line and parameter where known) the author has to fix.

function New-HelpProblem {
    param(
        [Parameter(Mandatory)] [string] $File,
        [int] $Line,
        [string] $Parameter,
        [Parameter(Mandatory)] [string] $Message
    )
    $where = if ($Line -gt 0) { "${File}:$Line" } else { $File }
    $subject = if ($Parameter) { "-${Parameter}: " } else { '' }
    $problem = [pscustomobject]@{
        PSTypeName = 'PubSecHelp.Problem'
        File       = $File
        Line       = $Line
        Parameter  = $Parameter
        Message    = $Message
        Text       = "${where}: $subject$Message"
    }
    # So "$problem" and string lists of problems read as the message, not as a hashtable dump.
    $problem | Add-Member -MemberType ScriptMethod -Name ToString -Value { $this.Text } -Force -PassThru
}
