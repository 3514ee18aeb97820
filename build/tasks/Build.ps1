# Builds the solution and lays out the importable module at out/PubSecDr.

function Invoke-BuildTask {
    Invoke-BootstrapTask
    $steps = 'Compile solution', 'Publish cmdlets', 'Precompile (ReadyToRun)', 'Lay out module', 'Generate MAML help'
    $step = 0
    $progress = { param($name) Write-Progress -Activity 'Build' -Status $name -PercentComplete (100 * $step / $steps.Count); Write-Host "  $name" }

    & $progress $steps[$step]
    Invoke-Native dotnet @('build', (Join-Path $Root 'PubSec.Dr.sln'), '-c', $Configuration, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')

    $step++; & $progress $steps[$step]
    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $deps = Join-Path $ModuleOut 'bin/deps'
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/PubSec.Dr.Cmdlets'), '-c', $Configuration, '-o', $deps, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    # The host provides PowerShell itself; a copy in deps would be loaded into our context and break type identity.
    Get-ChildItem $deps -Filter 'System.Management.Automation*.dll' | Remove-Item -Force

    $step++; & $progress $steps[$step]
    Invoke-ReadyToRun $deps

    $step++; & $progress $steps[$step]
    $loader = Join-Path $Out "bin/PubSec.Dr.Loader/$Configuration/net8.0/PubSec.Dr.Loader.dll"
    Copy-Item $loader (Join-Path $ModuleOut 'bin')
    Copy-Item (Join-Path $Root 'module/*') $ModuleOut
    # The runbooks ship with the module: the drill's "documentation accurate" criterion looks them up in scripts/.
    $scripts = New-Item -ItemType Directory -Path (Join-Path $ModuleOut 'scripts') -Force
    Copy-Item (Join-Path $Root 'scripts/*.ps1') $scripts

    $step++; & $progress $steps[$step]
    $helpScript = Join-Path $Root 'build/New-ModuleHelp.ps1'
    $exit = Invoke-FreshPwsh $helpScript @('-ModulePath', (Join-Path $ModuleOut 'PubSecDr.psd1'), '-MarkdownPath', (Join-Path $Root 'docs/help'))
    if ($exit -ne 0) { throw "Help generation failed (exit $exit); see the problems listed above." }

    Write-Progress -Activity 'Build' -Completed
    Write-Host "Module ready: $(Join-Path $ModuleOut 'PubSecDr.psd1')"
}

function Invoke-ReadyToRun([string] $Deps) {
    # A fresh pwsh per backup (a CronJob, a runbook) JIT-compiles every method it touches: measured, that was most of
    # a small backup's time. ReadyToRun assemblies carry native code for linux-x64 next to their IL, so they start
    # fast there and still run everywhere else (another platform ignores the native code and JITs the IL). Only
    # assemblies without a platform-specific variant under runtimes/ are replaced, so the layout stays portable.
    if (-not ($IsLinux -and [Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq 'X64')) {
        Write-Host '    skipped: ReadyToRun code is compiled on linux-x64 build hosts only'
        return
    }
    $precompiled = Join-Path $Out "obj/readytorun/$Configuration"
    if (Test-Path $precompiled) { Remove-Item $precompiled -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/PubSec.Dr.Cmdlets'), '-c', $Configuration, '-r', 'linux-x64', '--self-contained', 'false',
        '-p:PublishReadyToRun=true', '-o', $precompiled, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    $specific = @(Get-ChildItem (Join-Path $Deps 'runtimes') -Recurse -Filter '*.dll' -ErrorAction SilentlyContinue | ForEach-Object Name)
    $replaced = 0
    foreach ($assembly in Get-ChildItem $precompiled -Filter '*.dll') {
        $portable = Join-Path $Deps $assembly.Name
        if ((Test-Path $portable) -and $assembly.Name -notin $specific) {
            Copy-Item $assembly.FullName $portable -Force
            $replaced++
        }
    }
    Write-Host "    $replaced assemblies taken from the linux-x64 ReadyToRun publish"
}

function Invoke-CleanTask {
    if (Test-Path $Out) { Remove-Item $Out -Recurse -Force }
}
