// `i2v generate` end to end on the i2vgenxl-tiny fixture: the PNG frames it writes equal the reference's
// frames_uint8 (differences <= 1 on at most 0.1 % of the values), and the clip file is written.
#include "core/engine/tensor/state_dict.h"
#include "core/media/image_io.h"
#include "core/media/video_io.h"

#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace i2v;
namespace fs = std::filesystem;

namespace {
const std::string kTiny = std::string(I2V_TEST_DATA_DIR) + "/i2vgenxl-tiny";

QString readText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return QString::fromStdString(s.str());
}
} // namespace

class TestCliI2VGenXL : public QObject {
    Q_OBJECT

private slots:
    void generateMatchesGoldenFrames()
    {
        QTemporaryDir dir;
        const QString framesDir = dir.filePath("frames");
        const QString clip = dir.filePath("clip.mp4");
        QProcess cli;
        cli.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data"))); // history stays here
        cli.setProcessEnvironment(env);
        cli.start(I2V_CLI_PATH, {"generate", "--model", QString::fromStdString(kTiny + "/model"),
                                 "--image", QString::fromStdString(kTiny + "/inputs/image.png"),
                                 "--prompt", readText(kTiny + "/inputs/prompt.txt"),
                                 "--negative-prompt", readText(kTiny + "/inputs/negative_prompt.txt"),
                                 "--width", "64", "--height", "64", "--frames", "4", "--steps", "3",
                                 "--guidance", "9", "--fps", "16", "--seed", "42", "--image-noise-seed", "1234",
                                 "--decode-chunk", "2", "--device", "cpu", "--dtype", "float32",
                                 "--frames-dir", framesDir, "--out", clip});
        QVERIFY(cli.waitForFinished(240000));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 0);
        QVERIFY(fs::exists(clip.toStdString()));

        const torch::Tensor golden = loadSafetensors(kTiny + "/golden/decode.safetensors").at("frames_uint8");
        std::int64_t differing = 0, total = 0;
        int worst = 0;
        for (int f = 0; f < 4; ++f) {
            char name[32];
            std::snprintf(name, sizeof name, "frame_%04d.png", f + 1);
            const Image frame = loadImage(fs::path(framesDir.toStdString()) / name);
            QCOMPARE(frame.width, 64);
            QCOMPARE(frame.height, 64);
            const torch::Tensor g = golden[0][f].contiguous();
            const auto* ref = g.data_ptr<std::uint8_t>();
            for (std::size_t i = 0; i < frame.rgb.size(); ++i) {
                const int d = std::abs(int(frame.rgb[i]) - int(ref[i]));
                worst = std::max(worst, d);
                differing += d != 0;
                ++total;
            }
        }
        qInfo("CLI frames vs frames_uint8: max diff %d, %lld of %lld values differ", worst, (long long)differing,
              (long long)total);
        QCOMPARE(total, golden.numel());
        QVERIFY(worst <= 1);
        QVERIFY(differing * 1000 <= total);

        // The sidecar alone re-makes the clip through `i2v batch` (issue 12: every engine, every field).
        QProcess batch;
        batch.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        batch.setProcessEnvironment(env);
        batch.start(I2V_CLI_PATH, {"batch", clip + ".json", "--out-dir", dir.filePath("remake")});
        QVERIFY(batch.waitForFinished(240000));
        QCOMPARE(batch.exitCode(), 0);
        const std::vector<Image> a = decodeVideo(clip.toStdString());
        const std::vector<Image> b = decodeVideo(dir.filePath("remake/clip.mp4").toStdString());
        QCOMPARE(a.size(), std::size_t(4));
        QCOMPARE(b.size(), a.size());
        for (std::size_t f = 0; f < a.size(); ++f)
            QVERIFY2(a[f].rgb == b[f].rgb, "the sidecar's batch run gave different frames");
    }
};

QTEST_GUILESS_MAIN(TestCliI2VGenXL)
#include "test_cli_i2vgen_xl.moc"
