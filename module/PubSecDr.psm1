# Loads the compiled cmdlets through the module's own AssemblyLoadContext (see PubSec.Dr.Loader) and
# re-exports them from this module, so dependency versions never clash with other modules in the session.
$ErrorActionPreference = 'Stop'

$binPath = [System.IO.Path]::Combine($PSScriptRoot, 'bin')
if (-not ('PubSec.Dr.Loader.LoadContext' -as [type])) {
    Add-Type -Path ([System.IO.Path]::Combine($binPath, 'PubSec.Dr.Loader.dll'))
}

$mainAssembly = [PubSec.Dr.Loader.LoadContext]::Initialize([System.IO.Path]::Combine($binPath, 'deps'))
$innerModule = Import-Module -Assembly $mainAssembly -PassThru -ErrorAction Stop

# Import-Module inside a psm1 imports the binary module as a nested module; its cmdlets become this
# module's exports only when added explicitly (PSModuleInfo.AddExportedCmdlet is internal).
$addExportedCmdlet = [System.Management.Automation.PSModuleInfo].GetMethod(
    'AddExportedCmdlet', [System.Reflection.BindingFlags]'Instance, NonPublic')
foreach ($cmdlet in $innerModule.ExportedCmdlets.Values) {
    $addExportedCmdlet.Invoke($ExecutionContext.SessionState.Module, @(, $cmdlet))
}
