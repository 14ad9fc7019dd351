// The model catalogue (resources/models/catalogue.json), the Hub listing parser, file selection
// (safetensors only, fp16 variant with fallback, sharded weights) and the name checks of core/hub.
#include "core/base/error.h"
#include "core/base/paths.h"
#include "core/hub/catalogue.h"
#include "core/hub/hub_api.h"
#include "core/hub/repo_id.h"
#include "core/presets/memory_model.h"

#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>

using namespace i2v;
using namespace i2v::hub;

namespace {

RepoFile lfs(const std::string& path, std::int64_t size = 10)
{
    return RepoFile{path, size, std::string(40, 'a'), std::string(64, 'b')};
}
RepoFile small(const std::string& path)
{
    return RepoFile{path, 5, std::string(40, 'c'), ""};
}
QStringList paths(const std::vector<RepoFile>& files)
{
    QStringList out;
    for (const RepoFile& f : files)
        out << QString::fromStdString(f.path);
    return out;
}
ErrorCode codeOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const I2vError& e) {
        return e.code();
    }
    return ErrorCode::Ok;
}

} // namespace

class TestHubCatalogue : public QObject {
    Q_OBJECT
private slots:
    void builtinIsTheResourceFile()
    {
        const std::string file = readFileBytes(I2V_SOURCE_DIR "/resources/models/catalogue.json");
        QCOMPARE(builtinCatalogueJson(), file);
        const Catalogue c = parseCatalogue(file, "catalogue.json");
        for (const char* repo : {"ali-vilab/i2vgen-xl", "Wan-AI/Wan2.1-I2V-14B-480P-Diffusers",
                                 "Wan-AI/Wan2.1-I2V-14B-720P-Diffusers", "Wan-AI/Wan2.2-TI2V-5B-Diffusers"})
            QVERIFY2(c.find(repo), repo);
        const CatalogueEntry* i2v = c.find("ali-vilab/i2vgen-xl");
        QCOMPARE(QString::fromStdString(i2v->family), QStringLiteral("i2vgen-xl"));
        QVERIFY(i2v->offersVariant("fp16"));
        QVERIFY(i2v->size("fp16")->downloadBytes < i2v->size("")->downloadBytes);
        for (const CatalogueEntry& e : c.models) {
            QVERIFY(!e.tiers.empty());
            QVERIFY(!e.gpuMemorySource.empty());
            for (const VariantSize& s : e.sizes)
                QVERIFY(s.diskBytes >= s.downloadBytes && s.downloadBytes > 1000000000);
            if (e.family == "wan")
                QVERIFY2(e.gpuMemorySource.rfind("estimate", 0) == 0, e.repoId.c_str()); // says it is estimated
        }
        // The loader falls back to the built-in copy (no installed file next to the test binary).
        QCOMPARE(loadCatalogue().models.size(), c.models.size());
    }

    void i2vgenTiersComeFromTheMemoryModel()
    {
        // The catalogue's GPU memory for I2V-GenXL is the memory model's peak (fp16, CUDA, memory-efficient
        // attention) on the published configs; regenerate the numbers when the model changes.
        const Catalogue c = parseCatalogue(builtinCatalogueJson(), "built-in");
        const CatalogueEntry* e = c.find("ali-vilab/i2vgen-xl");
        QCOMPARE(QString::fromStdString(e->gpuMemorySource), QStringLiteral("memory_model"));
        const auto shape = presets::readI2VGenXLShape(I2V_TEST_DATA_DIR "/i2vgenxl-real-configs");
        QStringList wrong;
        for (const GpuTier& t : e->tiers) {
            presets::RunSettings run;
            run.width = t.width;
            run.height = t.height;
            run.frames = t.frames;
            run.bytesPerElement = 2;
            run.cuda = true;
            run.attention = presets::AttentionKernel::MemoryEfficient;
            const auto peak = presets::estimateMemory(shape, run).peakBytes;
            qInfo("%s %dx%dx%d: memory model %lld bytes, catalogue %lld", t.name.c_str(), t.width, t.height,
                  t.frames, static_cast<long long>(peak), static_cast<long long>(t.bytes));
            if (std::llabs(peak - t.bytes) > peak / 100)
                wrong << QString::fromStdString(t.name);
        }
        QVERIFY2(wrong.isEmpty(), qPrintable("tiers off the memory model by over 1 %: " + wrong.join(", ")));
        // Download sizes: the published parameter counts x 2 or 4 bytes (fixture README), within 1 %.
        const double params = 2489183951.0;
        QVERIFY(std::abs(e->size("fp16")->downloadBytes - 2 * params) < 0.01 * 2 * params);
        QVERIFY(std::abs(e->size("")->downloadBytes - 4 * params) < 0.01 * 4 * params);
    }

    void badCataloguesNameTheProblem()
    {
        auto msg = [](const std::string& text) -> QString {
            try {
                parseCatalogue(text, "x.json");
            } catch (const I2vError& e) {
                return QString::fromUtf8(e.what());
            }
            return {};
        };
        QVERIFY(msg("not json").contains("x.json"));
        QVERIFY(msg(R"({"schema_version": 2, "models": []})").contains("schema_version"));
        const std::string head = R"({"schema_version": 1, "models": [{"repo": )";
        QVERIFY(msg(head + R"("noslash", "family": "f", "files": ["*"], "variants": [{"download_bytes": 1, "disk_bytes": 1}]}]})")
                    .contains("ORG/NAME"));
        QVERIFY(msg(head + R"("a/b", "family": "f", "files": ["*"], "variants": [{"download_bytes": -1, "disk_bytes": 1}]}]})")
                    .contains("download_bytes"));
        QVERIFY(msg(head + R"("a/b", "family": "f", "files": [], "variants": [{"download_bytes": 1, "disk_bytes": 1}]}]})")
                    .contains("files"));
        QVERIFY(msg(head + R"("a/b", "family": "f", "files": ["*"], "variants": [{"download_bytes": 1, "disk_bytes": 1}],
                    "gpu_memory": {"source": "x", "tiers": [{"name": "T", "width": 99999, "height": 8, "frames": 1, "bytes": 1}]}}]})")
                    .contains("width"));
        QVERIFY(msg(head + R"("a/b", "family": "f", "files": ["*"], "variants": [{"download_bytes": 1, "disk_bytes": 1}]}]})")
                    .isEmpty());
    }

    void namesAndPaths()
    {
        QVERIFY(isValidRepoId("ali-vilab/i2vgen-xl"));
        QVERIFY(isValidRepoId("Wan-AI/Wan2.1-I2V-14B-480P-Diffusers"));
        for (const char* bad : {"", "a", "a/b/c", "../x", "a/..", "a--b/c", "a/.x", "a b/c", "a/b\\c"})
            QVERIFY2(!isValidRepoId(bad), bad);
        QVERIFY(isValidRevision("main") && isValidRevision("refs/pr/3") && isValidRevision(std::string(40, 'f')));
        for (const char* bad : {"", "../x", "a/../b", "/abs", "a b", "a?b"})
            QVERIFY2(!isValidRevision(bad), bad);
        for (const char* bad : {"/etc/passwd", "../x", "a/../../b", "a//b", "a\\b", "./a"})
            QVERIFY2(!isSafeRepoPath(bad), bad);
        const RepoRef r = parseRepoRef("ali-vilab/i2vgen-xl@v1.0");
        QCOMPARE(QString::fromStdString(r.revision), QStringLiteral("v1.0"));
        QCOMPARE(QString::fromStdString(parseRepoRef("a/b").revision), QStringLiteral("main"));
        QCOMPARE(codeOf([] { parseRepoRef("a/b@../x"); }), ErrorCode::InvalidArgument);
        QVERIFY(matchesPattern("unet/sub/x.json", "unet/*")); // '*' crosses '/' as in Python's fnmatch
        QVERIFY(!matchesPattern("vae/x.json", "unet/*"));
        QCOMPARE(QString::fromStdString(urlQuote("refs/pr/1")), QStringLiteral("refs%2Fpr%2F1"));
        QCOMPARE(QString::fromStdString(urlQuote("a b/c.json", true)), QStringLiteral("a%20b/c.json"));
    }

    void settingsFollowHuggingFaceHub()
    {
        const std::map<std::string, std::string> vars = {{"HF_ENDPOINT", "http://mirror.example/"},
                                                         {"HF_TOKEN", "hf_abc"},
                                                         {"HF_HOME", "/data/hf"}};
        const HubSettings s = HubSettings::fromEnvironment([&](const char* n) -> std::optional<std::string> {
            const auto it = vars.find(n);
            return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
        });
        QCOMPARE(QString::fromStdString(s.endpoint), QStringLiteral("http://mirror.example"));
        QCOMPARE(QString::fromStdString(s.token), QStringLiteral("hf_abc"));
        QCOMPARE(QString::fromStdString(s.cacheDir.string()), QStringLiteral("/data/hf/hub"));
        const HubSettings d = HubSettings::fromEnvironment([](const char* n) -> std::optional<std::string> {
            if (std::string(n) == "HOME")
                return "/home/u";
            return std::nullopt;
        });
        QCOMPARE(QString::fromStdString(d.endpoint), QStringLiteral("https://huggingface.co"));
        QVERIFY(d.token.empty());
        QCOMPARE(QString::fromStdString(d.cacheDir.string()), QStringLiteral("/home/u/.cache/huggingface/hub"));
        QCOMPARE(QString::fromStdString(listingUrl(s, "a/b", "refs/pr/1")),
                 QStringLiteral("http://mirror.example/api/models/a/b/revision/refs%2Fpr%2F1?blobs=true"));
        QCOMPARE(QString::fromStdString(resolveUrl(s, "a/b", std::string(40, 'f'), "unet/config.json")),
                 QStringLiteral("http://mirror.example/a/b/resolve/") + QString(40, 'f') + "/unet/config.json");
    }

    void selectionKeepsSafetensorsAndPicksTheVariant()
    {
        const std::vector<RepoFile> files = {
            small("model_index.json"), small("README.md"), small(".gitattributes"), lfs("i2vgen_xl.pth"),
            small("unet/config.json"), lfs("unet/diffusion_pytorch_model.safetensors"),
            lfs("unet/diffusion_pytorch_model.fp16.safetensors"), lfs("unet/diffusion_pytorch_model.bin"),
            small("vae/config.json"), lfs("vae/diffusion_pytorch_model.safetensors"),      // no fp16: fallback
            small("text_encoder/config.json"), lfs("text_encoder/model.fp16.safetensors"), // only fp16
            small("transformer/diffusion_pytorch_model.safetensors.index.json"),
            lfs("transformer/diffusion_pytorch_model-00001-of-00002.safetensors"),
            lfs("transformer/diffusion_pytorch_model-00002-of-00002.safetensors"),
            small("tokenizer/vocab.json"), small("tokenizer/merges.txt"), lfs("tokenizer/spiece.model"),
            lfs("assets/demo.png"), small("other/config.json")};
        const std::vector<std::string> allow = {"model_index.json", "unet/*", "vae/*", "text_encoder/*",
                                                "transformer/*", "tokenizer/*"};
        const QStringList fp16 = paths(selectFiles(files, allow, "fp16"));
        QCOMPARE(fp16, (QStringList{"model_index.json", "text_encoder/config.json", "text_encoder/model.fp16.safetensors",
                                    "tokenizer/merges.txt", "tokenizer/spiece.model", "tokenizer/vocab.json",
                                    "transformer/diffusion_pytorch_model-00001-of-00002.safetensors",
                                    "transformer/diffusion_pytorch_model-00002-of-00002.safetensors",
                                    "transformer/diffusion_pytorch_model.safetensors.index.json", "unet/config.json",
                                    "unet/diffusion_pytorch_model.fp16.safetensors", "vae/config.json",
                                    "vae/diffusion_pytorch_model.safetensors"}));
        const QStringList plain = paths(selectFiles(files, allow, ""));
        QVERIFY(plain.contains("unet/diffusion_pytorch_model.safetensors"));
        QVERIFY(!plain.contains("unet/diffusion_pytorch_model.fp16.safetensors"));
        QVERIFY(plain.contains("text_encoder/model.fp16.safetensors")); // the only weights it has
        for (const QString& p : paths(selectFiles(files, {}, "")))
            QVERIFY2(!p.endsWith(".bin") && !p.endsWith(".pth") && !p.endsWith(".md") && !p.endsWith(".png") &&
                         !p.startsWith("."),
                     qPrintable(p));
    }

    void listingParserRefusesBadAnswers()
    {
        using nlohmann::json;
        const std::string sha(40, '1');
        const json good = {{"sha", sha},
                           {"siblings",
                            {{{"rfilename", "model_index.json"}, {"size", 12}, {"blobId", std::string(40, 'a')}},
                             {{"rfilename", "unet/w.safetensors"},
                              {"size", 100},
                              {"blobId", std::string(40, 'b')},
                              {"lfs", {{"sha256", std::string(64, 'c')}, {"size", 100}}}}}}};
        const RepoListing l = parseRepoListing(good.dump(), "a/b", "main");
        QCOMPARE(QString::fromStdString(l.commit), QString::fromStdString(sha));
        QCOMPARE(l.files.size(), std::size_t(2));
        QVERIFY(!l.files[0].isLfs());
        QCOMPARE(QString::fromStdString(l.files[1].blobName()), QString(64, 'c'));
        auto codeFor = [](const std::string& body) { return codeOf([&] { parseRepoListing(body, "a/b", "main"); }); };
        auto withFile = [&](const json& file) { return json{{"sha", sha}, {"siblings", json::array({file})}}.dump(); };
        QCOMPARE(codeFor("<html>"), ErrorCode::NetworkFailed);
        QCOMPARE(codeFor(json{{"sha", "xyz"}, {"siblings", json::array()}}.dump()), ErrorCode::NetworkFailed);
        QCOMPARE(codeFor(withFile({{"rfilename", "../../etc/x"}, {"size", 1}, {"blobId", std::string(40, 'a')}})),
                 ErrorCode::NetworkFailed);
        QCOMPARE(codeFor(withFile({{"rfilename", "x"}, {"size", -1}, {"blobId", std::string(40, 'a')}})),
                 ErrorCode::NetworkFailed);
        QCOMPARE(codeFor(withFile({{"rfilename", "x"}, {"size", 1}, {"blobId", "nothex"}})), ErrorCode::NetworkFailed);
        QCOMPARE(codeFor(withFile({{"rfilename", "x"}, {"size", 5}, {"blobId", std::string(40, 'a')},
                                   {"lfs", {{"sha256", std::string(64, 'c')}, {"size", 6}}}})),
                 ErrorCode::NetworkFailed);
    }
};

QTEST_APPLESS_MAIN(TestHubCatalogue)
#include "test_hub_catalogue.moc"
