using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using PubSec.Dr.Storage;
using PubSec.Dr.Storage.S3;

namespace PubSec.Dr.Tests.TestSupport;

/// <summary>
/// A private moto S3 server on a free loopback port for one test class, with one bucket, killed on dispose.
/// moto is required, not optional: without it the S3 store would go untested, so a missing server fails loudly.
/// </summary>
public class MotoServer : IAsyncLifetime
{
    public const string Bucket = "pubsec-dr-test";
    public const string Region = "us-east-1";
    public const string AccessKeyId = "moto-test-key";
    public const string SecretAccessKey = "moto-test-secret-value";

    private readonly List<string> _output = [];
    private Process? _process;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>
    /// When true, moto checks access keys like S3 does (its IAM emulation), so unknown keys are refused;
    /// no bucket is created then, as nothing can sign for one.
    /// </summary>
    protected virtual bool ChecksCredentials => false;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        // moto_server with atomic conditional writes (tests/lab/moto_atomic_server.py), as Amazon S3 has them.
        var start = new ProcessStartInfo("python3")
        {
            ArgumentList = { Path.Combine(RepoPaths.Root(), "tests", "lab", "moto_atomic_server.py"), "-H", "127.0.0.1", "-p", port.ToString() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (ChecksCredentials)
        {
            start.Environment["INITIAL_NO_AUTH_ACTION_COUNT"] = "0";
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("moto_server did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                "python3 is not on PATH; the S3 store tests run moto with it. Install moto with: pip install \"moto[server]\"", ex);
        }

        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilAnsweringAsync();
        if (ChecksCredentials)
        {
            return;
        }

        using var client = CreateClient();
        await client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Options that reach this server with explicit (fake) keys; moto does not check signatures.</summary>
    public BackupStoreOptions Options(int? partSize = null, int? concurrency = null) => new()
    {
        Endpoint = Endpoint,
        Region = Region,
        AccessKeyId = AccessKeyId,
        SecretAccessKey = SecretAccessKey,
        PartSizeBytes = partSize ?? BackupStoreOptions.DefaultPartSizeBytes,
        Concurrency = concurrency ?? BackupStoreOptions.DefaultConcurrency,
    };

    public S3BackupStore Store(string prefix = "", int? partSize = null, int? concurrency = null) =>
        new($"s3://{Bucket}/{prefix}", Options(partSize, concurrency));

    /// <summary>A raw SDK client, so tests can look at S3 state (multipart uploads, ETags) past the store's interface.</summary>
    public AmazonS3Client CreateClient() => new(new BasicAWSCredentials(AccessKeyId, SecretAccessKey), new AmazonS3Config
    {
        ServiceURL = Endpoint.AbsoluteUri,
        AuthenticationRegion = Region,
        ForcePathStyle = true,
    });

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode}: {string.Join('\n', Output())}");
            }

            try
            {
                using var response = await http.GetAsync(Endpoint);
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            catch (TaskCanceledException) when (DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(200);
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // Only the tail matters for a startup failure; moto logs every request.
            if (_output.Count > 50)
            {
                _output.RemoveAt(0);
            }

            _output.Add(line);
        }
    }

    private string[] Output()
    {
        lock (_output)
        {
            return [.. _output];
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A moto that refuses unknown access keys, for the credential-failure paths.</summary>
public sealed class CredentialCheckingMotoServer : MotoServer
{
    protected override bool ChecksCredentials => true;
}
