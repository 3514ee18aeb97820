using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using PubSec.Dr.Storage.S3;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Storage.S3;

/// <summary>
/// The part checksum the S3 store sends in x-amz-checksum-crc32. The lab's S3 (moto) does not check that header, so
/// its encoding is pinned here: against the CRC-32 check value, and against the value the AWS SDK computes itself.
/// </summary>
public sealed class PartCrc32Tests : IClassFixture<MotoServer>
{
    private readonly MotoServer _moto;

    public PartCrc32Tests(MotoServer moto) => _moto = moto;

    [Theory]
    [InlineData("", "AAAAAA==")]
    // CRC-32 of "123456789" is 0xCBF43926; S3 wants those four bytes big-endian, base64-encoded.
    [InlineData("123456789", "y/Q5Jg==")]
    public void Base64_IsTheBigEndianCrc32(string text, string expected)
    {
        Assert.Equal(expected, PartCrc32.Base64(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void IsAccelerated_OnThisRuntime_WhichTheTestsTargetAsNet10()
    {
        // The test project targets net10.0, so NuGet gives it the package's net10.0 build, as the module's .NET 10 images do.
        Assert.True(PartCrc32.IsAccelerated);
    }

    [Fact]
    public async Task Base64_MatchesWhatTheAwsSdkComputesForTheSamePart()
    {
        var data = TestData.Bytes(6 << 20, seed: 32);
        using var client = _moto.CreateClient();
        const string key = "crc/sdk-computed.bin";
        var upload = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = MotoServer.Bucket,
            Key = key,
            ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
        });
        try
        {
            // Without a value the SDK computes the CRC-32 itself, sends it after the body, and S3 echoes it.
            var part = await client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = MotoServer.Bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartNumber = 1,
                InputStream = new MemoryStream(data),
                ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
            });

            Assert.False(string.IsNullOrEmpty(part.ChecksumCRC32));
            Assert.Equal(part.ChecksumCRC32, PartCrc32.Base64(data));
        }
        finally
        {
            await client.AbortMultipartUploadAsync(MotoServer.Bucket, key, upload.UploadId);
        }
    }
}
