// Diffusers model folder validation, weights file choice, the Hugging Face cache layout and the
// torch-free tokenizePrompt API, on the fixture and on broken copies built in a QTemporaryDir.

#include "core/base/error.h"
#include "core/engine/api/tokenize.h"
#include "core/engine/runtime/model_folder.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstdlib>
#include <fstream>
#include <thread>

using namespace i2v;
namespace fs = std::filesystem;

namespace {

const fs::path kModel = fs::path(I2V_TEST_DATA_DIR) / "i2vgenxl-tiny/model";

fs::path copyModel(const QTemporaryDir& dir, const std::string& name = "model")
{
    const fs::path to = fs::path(dir.path().toStdString()) / name;
    fs::copy(kModel, to, fs::copy_options::recursive);
    return to;
}

// Runs openModelFolder and returns "code: message" ("ok" when it succeeds).
std::string openError(const fs::path& root, const std::vector<std::string>& required = {})
{
    try {
        openModelFolder(root, true, required);
        return "ok";
    } catch (const I2vError& e) {
        return std::string(errorCodeName(e.code())) + ": " + e.what();
    }
}

bool has(const std::string& s, const char* part)
{
    return s.find(part) != std::string::npos;
}

void touch(const fs::path& p, const std::string& content = "x")
{
    std::ofstream(p, std::ios::binary) << content;
}

// Builds models--ORG--NAME the way huggingface_hub does: files in blobs/, links in snapshots/<rev>/.
fs::path makeCachedRepo(const fs::path& cache, const std::string& dirName, const std::string& rev, bool links)
{
    const fs::path repo = cache / dirName;
    const fs::path snap = repo / "snapshots" / rev;
    fs::create_directories(repo / "blobs");
    fs::create_directories(repo / "refs");
    int blob = 0;
    for (const auto& entry : fs::recursive_directory_iterator(kModel)) {
        const fs::path rel = fs::relative(entry.path(), kModel);
        if (entry.is_directory()) {
            fs::create_directories(snap / rel);
        } else if (links) {
            const std::string blobName = "blob" + std::to_string(blob++);
            fs::copy_file(entry.path(), repo / "blobs" / blobName);
            fs::path up;
            for (auto it = rel.begin(); it != rel.end(); ++it)
                up /= "..";
            // snapshots/<rev>/<rel>: climb out of rel's folders, <rev> and snapshots/
            fs::create_symlink(fs::path(up.parent_path()) / ".." / ".." / "blobs" / blobName, snap / rel);
        } else {
            fs::copy_file(entry.path(), snap / rel);
        }
    }
    return repo;
}

} // namespace

class TestModelFolder : public QObject {
    Q_OBJECT

private slots:
    void fixtureIsValid()
    {
        const auto m = openModelFolder(kModel, true, {"unet", "vae", "text_encoder", "tokenizer"});
        QCOMPARE(m.pipelineClass, std::string("I2VGenXLPipeline"));
        QCOMPARE(m.diffusersVersion, std::string("0.31.0"));
        QCOMPARE(m.components.size(), std::size_t(7));
        QCOMPARE(m.component("unet")->className, std::string("I2VGenXLUNet"));
        QCOMPARE(m.component("unet")->weights, kModel / "unet/diffusion_pytorch_model.safetensors");
        QCOMPARE(m.component("text_encoder")->weights, kModel / "text_encoder/model.safetensors");
        QCOMPARE(m.component("image_encoder")->library, std::string("transformers"));
        QVERIFY(m.component("tokenizer")->weights.empty());
        QVERIFY(m.component("scheduler")->weights.empty());
        QVERIFY(!m.component("safety_checker"));
        QVERIFY(m.repoId.empty() && m.revision.empty());
    }

    void brokenCopiesNameTheMissingPart()
    {
        QTemporaryDir dir;
        const auto root = copyModel(dir);
        fs::remove(root / "unet/config.json");
        QVERIFY2(has(openError(root), "model_invalid") && has(openError(root), "unet/config.json"), openError(root).c_str());
        touch(root / "unet/config.json", "{\"in_channels\": ");
        QVERIFY2(has(openError(root), "unet/config.json is not valid JSON"), openError(root).c_str());
        fs::copy_file(kModel / "unet/config.json", root / "unet/config.json", fs::copy_options::overwrite_existing);
        QCOMPARE(openError(root), std::string("ok"));

        fs::remove_all(root / "vae");
        QVERIFY2(has(openError(root), "'vae/'") && has(openError(root), "AutoencoderKL"), openError(root).c_str());
        fs::copy(kModel / "vae", root / "vae", fs::copy_options::recursive);

        fs::remove(root / "tokenizer/merges.txt");
        QVERIFY2(has(openError(root), "tokenizer/merges.txt"), openError(root).c_str());
        fs::copy_file(kModel / "tokenizer/merges.txt", root / "tokenizer/merges.txt");

        fs::remove(root / "scheduler/scheduler_config.json");
        QVERIFY2(has(openError(root), "scheduler/scheduler_config.json"), openError(root).c_str());
        fs::copy_file(kModel / "scheduler/scheduler_config.json", root / "scheduler/scheduler_config.json");

        fs::remove(root / "feature_extractor/preprocessor_config.json");
        QVERIFY2(has(openError(root), "preprocessor_config.json"), openError(root).c_str());
        fs::copy_file(kModel / "feature_extractor/preprocessor_config.json",
                      root / "feature_extractor/preprocessor_config.json");

        fs::remove(root / "text_encoder/model.safetensors");
        QVERIFY2(has(openError(root), "model_invalid") && has(openError(root), "no weights file"), openError(root).c_str());
        touch(root / "text_encoder/pytorch_model.bin");
        QVERIFY2(has(openError(root), "unsafe_weights_format") && has(openError(root), ".safetensors"),
                 openError(root).c_str());
        fs::copy_file(kModel / "text_encoder/model.safetensors", root / "text_encoder/model.safetensors");
        QCOMPARE(openError(root), std::string("ok"));

        QVERIFY2(has(openError(root, {"unet", "controlnet"}), "'controlnet'"), openError(root, {"controlnet"}).c_str());

        touch(root / "model_index.json", "{\"unet\": [\"diffusers\", \"X\"]}");
        QVERIFY2(has(openError(root), "_class_name"), openError(root).c_str());
        touch(root / "model_index.json", "[");
        QVERIFY2(has(openError(root), "model_index.json is not valid JSON"), openError(root).c_str());
        fs::remove(root / "model_index.json");
        QVERIFY2(has(openError(root), "model_not_found") && has(openError(root), "model_index.json"), openError(root).c_str());
        QVERIFY(has(openError(root / "absent"), "model_not_found"));
    }

    void optionalComponentsAreSkipped()
    {
        QTemporaryDir dir;
        const auto root = copyModel(dir);
        touch(root / "model_index.json",
              "{\"_class_name\": \"I2VGenXLPipeline\", \"safety_checker\": [null, null], "
              "\"requires_safety_checker\": false, \"unet\": [\"diffusers\", \"I2VGenXLUNet\"]}");
        const auto m = openModelFolder(root);
        QCOMPARE(m.components.size(), std::size_t(1));
    }

    void weightsVariants()
    {
        QTemporaryDir dir;
        const fs::path c = fs::path(dir.path().toStdString()) / "unet";
        fs::create_directories(c);
        touch(c / "diffusion_pytorch_model.safetensors.index.json");
        QCOMPARE(componentWeightsFile(c), c / "diffusion_pytorch_model.safetensors.index.json");
        touch(c / "diffusion_pytorch_model.safetensors.index.fp16.json");
        QCOMPARE(componentWeightsFile(c), c / "diffusion_pytorch_model.safetensors.index.fp16.json");
        QCOMPARE(componentWeightsFile(c, false), c / "diffusion_pytorch_model.safetensors.index.json");
        touch(c / "diffusion_pytorch_model.fp16.safetensors");
        QCOMPARE(componentWeightsFile(c), c / "diffusion_pytorch_model.fp16.safetensors");
        QCOMPARE(componentWeightsFile(c, false), c / "diffusion_pytorch_model.fp16.safetensors");
        touch(c / "diffusion_pytorch_model.safetensors");
        QCOMPARE(componentWeightsFile(c), c / "diffusion_pytorch_model.fp16.safetensors");
        QCOMPARE(componentWeightsFile(c, false), c / "diffusion_pytorch_model.safetensors");
        // A link whose blob is missing (interrupted download) is not a weights file.
        fs::remove(c / "diffusion_pytorch_model.fp16.safetensors");
        fs::create_symlink("../blobs/missing", c / "diffusion_pytorch_model.fp16.safetensors");
        QCOMPARE(componentWeightsFile(c), c / "diffusion_pytorch_model.safetensors");
    }

    void hubCacheLocation()
    {
        auto env = [](std::map<std::string, std::string> vars) {
            return [vars](const char* name) -> std::optional<std::string> {
                const auto it = vars.find(name);
                return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
            };
        };
        QCOMPARE(huggingFaceHubCache(env({{"HOME", "/h"}})), fs::path("/h/.cache/huggingface/hub"));
        QCOMPARE(huggingFaceHubCache(env({{"HOME", "/h"}, {"XDG_CACHE_HOME", "/x"}})), fs::path("/x/huggingface/hub"));
        QCOMPARE(huggingFaceHubCache(env({{"HOME", "/h"}, {"HF_HOME", "/hf"}, {"XDG_CACHE_HOME", "/x"}})),
                 fs::path("/hf/hub"));
        QCOMPARE(huggingFaceHubCache(env({{"HF_HOME", "/hf"}, {"HF_HUB_CACHE", "/c"}})), fs::path("/c"));
        QCOMPARE(huggingFaceHubCache(env({{"HF_HOME", "/hf"}, {"HF_HUB_CACHE", ""}})), fs::path("/hf/hub"));
    }

    void hubCacheSnapshots()
    {
        QTemporaryDir dir;
        const fs::path cache = dir.path().toStdString();
        const auto linked = makeCachedRepo(cache, "models--ali-vilab--i2vgen-xl", "abc123", true);
        touch(linked / "refs/main", "abc123\n");
        QVERIFY(fs::is_symlink(linked / "snapshots/abc123/unet/diffusion_pytorch_model.safetensors"));

        const auto m = resolveModel("ali-vilab/i2vgen-xl", cache);
        QCOMPARE(m.repoId, std::string("ali-vilab/i2vgen-xl"));
        QCOMPARE(m.revision, std::string("abc123"));
        QCOMPARE(m.root, linked / "snapshots/abc123");
        QCOMPARE(m.components.size(), std::size_t(7));

        // Real files instead of links, no refs/main: the newest snapshot is used.
        const auto plain = makeCachedRepo(cache, "models--org--tiny", "old", false);
        makeCachedRepo(cache, "models--org--tiny", "new", false);
        fs::last_write_time(plain / "snapshots/old", fs::last_write_time(plain / "snapshots/new") - std::chrono::hours(1));
        const auto p = resolveModel("org/tiny", cache);
        QCOMPARE(p.revision, std::string("new"));

        const auto all = listCachedModels(cache);
        QCOMPARE(all.size(), std::size_t(2));
        QCOMPARE(all[0].repoId, std::string("ali-vilab/i2vgen-xl"));
        QCOMPARE(all[1].repoId, std::string("org/tiny"));

        // An interrupted download: a snapshot link whose blob is missing.
        fs::remove(linked / "snapshots/abc123/vae/diffusion_pytorch_model.safetensors");
        fs::create_symlink("../../../blobs/not-downloaded", linked / "snapshots/abc123/vae/diffusion_pytorch_model.safetensors");
        try {
            resolveModel("ali-vilab/i2vgen-xl", cache);
            QFAIL("incomplete snapshot accepted");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::ModelInvalid);
            QVERIFY2(has(e.what(), "vae"), e.what());
        }
        try {
            resolveModel("nobody/nothing", cache);
            QFAIL("unknown repo resolved");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::ModelNotFound);
            QVERIFY2(has(e.what(), "huggingface-cli download nobody/nothing"), e.what());
        }
        QVERIFY(!findCachedModel("../etc", cache));
        QVERIFY(!findCachedModel("a/b/c", cache));
    }

    void tokenizePromptApi()
    {
        const auto r = tokenizePrompt(kModel.string(), "a photo of a cat");
        QCOMPARE(r.count, 7);
        QCOMPARE(r.limit, 77);
        QVERIFY(!r.truncated);
        QCOMPARE(r.inputIds.size(), std::size_t(77));
        QCOMPARE(r.inputIds[2], std::int64_t(1125));
        QCOMPARE(r.tokens.front(), std::string("a</w>"));
        QCOMPARE(r.attentionMask[6], std::int64_t(1));
        QCOMPARE(r.attentionMask[7], std::int64_t(0));
        const auto direct = tokenizePrompt((kModel / "tokenizer").string(), std::string(100, 'a') + " b");
        QVERIFY(direct.count > 2);

        std::string longPrompt;
        for (int i = 0; i < 80; ++i)
            longPrompt += "cat ";
        const auto t = tokenizePrompt(kModel.string(), longPrompt);
        QCOMPARE(t.count, 82);
        QVERIFY(t.truncated);
        QCOMPARE(t.inputIds.back(), std::int64_t(49407));

        QTemporaryDir dir;
        const fs::path cache = dir.path().toStdString();
        touch(makeCachedRepo(cache, "models--org--tiny", "r1", true) / "refs/main", "r1");
        qputenv("HF_HUB_CACHE", QByteArray::fromStdString(cache.string()));
        QCOMPARE(tokenizePrompt("org/tiny", "a photo of a cat").inputIds, r.inputIds);
        qunsetenv("HF_HUB_CACHE");
        QVERIFY_THROWS_EXCEPTION(I2vError, tokenizePrompt((cache / "absent").string(), "x"));
    }
};

QTEST_GUILESS_MAIN(TestModelFolder)
#include "test_model_folder.moc"
