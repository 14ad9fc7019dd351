// Damaged model folders (issue 14, items 1, 3 and 4): each is a copy of the tiny I2VGen-XL fixture with one
// file broken the way the hostile-input run broke it. Every one must be a model problem (ModelInvalid, exit
// 4) that names the file, found before the engine allocates a model of the wrong size, never the user's
// parameter, an index error, "out of memory" or a crash.
#include "core/base/error.h"
#include "core/engine/api/registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

using namespace i2v;
namespace fs = std::filesystem;

namespace {

const fs::path kTiny = fs::path(I2V_TEST_DATA_DIR) / "i2vgenxl-tiny/model";

std::int64_t peakRssBytes()
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stoll(line.substr(6)) * 1024;
    return -1;
}

// Copies the fixture, lets `edit` change a JSON file of the copy, loads it on the CPU and returns the error.
I2vError loadDamaged(const std::string& file, const std::function<void(nlohmann::json&)>& edit)
{
    QTemporaryDir dir;
    const fs::path copy = fs::path(dir.path().toStdString()) / "model";
    fs::copy(kTiny, copy, fs::copy_options::recursive);
    const fs::path target = copy / file;
    nlohmann::json j = nlohmann::json::parse(std::ifstream(target));
    edit(j);
    std::ofstream(target, std::ios::trunc) << j.dump();
    try {
        findModelFamily("i2vgen-xl")->load(copy.string(), LoadOptions{"cpu", "float32"});
    } catch (const I2vError& e) {
        std::string what = e.what();
        const auto at = what.find(copy.string());
        if (at != std::string::npos)
            what.replace(at, copy.string().size(), "MODEL"); // the temp folder's name, for the assertions
        return I2vError(e.code(), what);
    }
    return I2vError(ErrorCode::Ok, "loaded");
}

void expectModelProblem(const I2vError& e, const std::string& says)
{
    QCOMPARE(e.code(), ErrorCode::ModelInvalid);
    QVERIFY2(std::string(e.what()).find(says) != std::string::npos, e.what());
}

} // namespace

class TestDamagedModelFolders : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { initEngineRuntime(); }

    void fixtureLoads() { QCOMPARE(loadDamaged("unet/config.json", [](nlohmann::json&) {}).code(), ErrorCode::Ok); }

    // An empty UNet config means the full-size default (1.4 B parameters): the mismatch with the weights is
    // found on the meta device, before 5.7 GB are allocated.
    void emptyUnetConfigFailsBeforeAllocating()
    {
        const std::int64_t before = peakRssBytes();
        const I2vError e = loadDamaged("unet/config.json", [](nlohmann::json& j) { j = nlohmann::json::object(); });
        expectModelProblem(e, "the weights do not match the model configuration");
        const std::int64_t grew = peakRssBytes() - before;
        qInfo("empty unet/config.json: refused, peak RSS grew by %lld MiB", (long long)(grew >> 20));
        QVERIFY(grew < (std::int64_t(512) << 20));
    }

    void absurdConfigIntegers()
    {
        expectModelProblem(loadDamaged("text_encoder/config.json", [](auto& j) { j["num_hidden_layers"] = 1000000000; }),
                           "\"num_hidden_layers\" = 1000000000 is larger than 256");
        expectModelProblem(loadDamaged("image_encoder/config.json", [](auto& j) { j["hidden_size"] = 1ll << 40; }),
                           "\"hidden_size\" = 1099511627776 is larger than 65536");
        expectModelProblem(loadDamaged("text_encoder/config.json",
                                       [](auto& j) { j["max_position_embeddings"] = 1ll << 40; }),
                           "\"max_position_embeddings\" = 1099511627776 is larger than 65536");
        expectModelProblem(loadDamaged("unet/config.json", [](auto& j) { j["layers_per_block"] = 100000; }),
                           "'layers_per_block' = 100000 is larger than 64");
        expectModelProblem(loadDamaged("feature_extractor/preprocessor_config.json",
                                       [](auto& j) { j["crop_size"] = 1ll << 40; }),
                           "crop_size 1099511627776 is outside 1..4096");
        // Channels that fit the bound but not the weights: named keys, nothing allocated.
        expectModelProblem(loadDamaged("vae/config.json", [](auto& j) { j["block_out_channels"] = {4096, 4096, 4096}; }),
                           "vae: the weights do not match the model configuration");
    }

    void tokenizerThatDoesNotFitTheTextEncoder()
    {
        expectModelProblem(loadDamaged("tokenizer/tokenizer_config.json", [](auto& j) { j["model_max_length"] = 4096; }),
                           "MODEL/tokenizer/tokenizer_config.json: model_max_length = 4096 is more than the text "
                           "encoder's");
        expectModelProblem(loadDamaged("tokenizer/vocab.json", [](auto& j) { j["zzzz</w>"] = 999999; }),
                           "MODEL/tokenizer/vocab.json: token ids go up to 999999");
    }

    void damagedSchedulerAndFeatureExtractor()
    {
        expectModelProblem(loadDamaged("scheduler/scheduler_config.json", [](auto& j) { j["num_train_timesteps"] = 1e12; }),
                           "MODEL/scheduler/scheduler_config.json: key \"num_train_timesteps\"");
        expectModelProblem(loadDamaged("scheduler/scheduler_config.json", [](auto& j) { j["beta_end"] = 2.0; }),
                           "MODEL/scheduler/scheduler_config.json: beta_start = 0.000100 and beta_end = 2.000000");
        expectModelProblem(loadDamaged("feature_extractor/preprocessor_config.json",
                                       [](auto& j) { j["image_std"] = {0.0, 0.0, 0.0}; }),
                           "image_std positive");
    }
};

QTEST_GUILESS_MAIN(TestDamagedModelFolders)
#include "test_damaged_model_folders.moc"
