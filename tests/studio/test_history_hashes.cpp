// Weight identity and history details: SHA-256 against the FIPS 180-4 vectors, file hashing in chunks,
// the hash cache (a second lookup reads nothing; a changed file is hashed again; the cache survives a
// new process), weight files found in a diffusers-layout folder, a damaged recipe kept verbatim, the
// thumbnail removed with its entry while the clip stays, cost recorded with its currency.
#include "core/base/error.h"
#include "core/base/sha256.h"
#include "core/service/history.h"
#include "core/service/weight_hashes.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <thread>

using namespace i2v;
namespace fs = std::filesystem;

namespace {
void writeText(const fs::path& p, const std::string& text)
{
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}
} // namespace

class TestHistoryHashes : public QObject {
    Q_OBJECT
private slots:
    void sha256Vectors()
    {
        QCOMPARE(sha256Hex(""), std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(sha256Hex("abc"), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                 std::string("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
        // One million 'a' fed in uneven pieces: exercises the partial-block path.
        Sha256 h;
        const std::string piece(997, 'a');
        std::size_t left = 1000000;
        while (left > 0) {
            const std::size_t n = std::min(left, piece.size());
            h.update(piece.data(), n);
            left -= n;
        }
        QCOMPARE(h.hexDigest(), std::string("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
    }

    void fileHashAndStop()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "w.safetensors";
        const std::string bytes(3u << 20 | 17, 'x'); // more than one 1 MiB read, not a multiple
        writeText(file, bytes);
        QCOMPARE(sha256File(file), sha256Hex(bytes));
        QCOMPARE(sha256File(file, [] { return true; }), std::string());
        bool threw = false;
        try {
            sha256File(fs::path(dir.path().toStdString()) / "missing.bin");
        } catch (const I2vError& e) {
            threw = e.code() == ErrorCode::FileNotFound;
        }
        QVERIFY(threw);
    }

    void hashCacheHitsMissesAndPersists()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const fs::path model = root / "model";
        writeText(model / "model_index.json", "{}");
        writeText(model / "unet" / "diffusion_pytorch_model.fp16.safetensors", "unet weights");
        writeText(model / "vae" / "diffusion_pytorch_model.safetensors", "vae weights");
        writeText(model / "text_encoder" / "model.fp16.bin", "text weights");
        writeText(model / "unet" / "config.json", "{}");
        writeText(model / "a" / "b" / "c" / "deep.safetensors", "too deep");
        const auto files = weightFilesIn(model);
        QCOMPARE(files.size(), std::size_t(3));
        QVERIFY(weightFilesIn({}).empty());

        const fs::path cacheFile = root / "data" / "weight_hashes.json";
        {
            WeightHashCache cache(cacheFile);
            const auto hashes = cache.hashModelFolder(model);
            QCOMPARE(hashes.size(), std::size_t(3));
            QCOMPARE(hashes.at("unet/diffusion_pytorch_model.fp16.safetensors"), sha256Hex("unet weights"));
            QCOMPARE(cache.filesHashed(), 3);
            QCOMPARE(cache.hashModelFolder(model), hashes);
            QCOMPARE(cache.filesHashed(), 3); // all from the cache
            QVERIFY(cache.hashModelFolder({}).empty()); // weight-free engines
        }
        // A new process reuses the cache file; a changed file (size differs) is hashed again.
        writeText(model / "vae" / "diffusion_pytorch_model.safetensors", "new vae weights!");
        WeightHashCache cache(cacheFile);
        const auto hashes = cache.hashModelFolder(model);
        QCOMPARE(cache.filesHashed(), 1);
        QCOMPARE(hashes.at("vae/diffusion_pytorch_model.safetensors"), sha256Hex("new vae weights!"));

        // Same size, new modification time: hashed again too.
        const fs::path unet = model / "unet" / "diffusion_pytorch_model.fp16.safetensors";
        writeText(unet, "UNET weights");
        fs::last_write_time(unet, fs::last_write_time(unet) + std::chrono::seconds(5));
        QCOMPARE(cache.hashOf(unet), sha256Hex("UNET weights"));
        QCOMPARE(cache.filesHashed(), 2);

        // A damaged cache file is not fatal: hashes are simply computed again.
        writeText(cacheFile, "{not json");
        WeightHashCache fresh(cacheFile);
        QCOMPARE(fresh.hashOf(unet), sha256Hex("UNET weights"));
        QCOMPARE(fresh.filesHashed(), 1);
    }

    void entryDetailsAndThumbnailCleanup()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        writeText(root / "clip.mp4", "video");
        writeText(root / "thumbs" / "clip.png", "png");
        HistoryStore h(root / "history.json");
        HistoryEntry e;
        e.outputPath = (root / "clip.mp4").string();
        e.thumbnailPath = (root / "thumbs" / "clip.png").string();
        e.recipeJson = "{not a recipe";
        e.cost = 1.5;
        e.costCurrency = "EUR";
        e.status = "failed";
        e.createdAt = "2026-11-22T08:00:00Z";
        e.durationSeconds = 120;
        const std::string id = h.add(e);
        HistoryStore again(root / "history.json");
        QVERIFY(again.warning().empty());
        QCOMPARE(again.find(id)->recipeJson, std::string("{not a recipe"));
        QCOMPARE(again.find(id)->costCurrency, std::string("EUR"));
        const auto days = again.dailySummary();
        QCOMPARE(days.size(), std::size_t(1));
        QCOMPARE(days[0].clips, 0);      // a failed run is not a clip...
        QCOMPARE(days[0].minutes, 2.0);  // ...but it used the machine
        QCOMPARE(days[0].cost, 1.5);
        again.remove(id, /*deleteFiles=*/false);
        QVERIFY(fs::exists(root / "clip.mp4"));
        QVERIFY(!fs::exists(root / "thumbs" / "clip.png"));
    }
};

QTEST_GUILESS_MAIN(TestHistoryHashes)
#include "test_history_hashes.moc"
