// Every request field survives the ways a request is stored and read back, with the real camera-motion
// engine: generate -> container tags / sidecar -> batch line, and the window's queue file (save -> load).
// The request sets every member to a value that is not its default (checked), so a field the table
// forgets, or a path that drops one, fails here.

#include "../request/request_members.h"

#include "core/base/paths.h"
#include "core/media/image_io.h"
#include "core/media/recipe.h"
#include "core/media/video_io.h"
#include "core/service/batch.h"
#include "core/service/job_queue.h"
#include "core/service/runner.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace i2v;
namespace fs = std::filesystem;

class TestRequestRoundTrip : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    fs::path m_root;

    // Valid for camera-motion, every member different from GenerationRequest{} except the pixels.
    GenerationRequest fullRequest(const std::string& name) const
    {
        GenerationRequest r;
        r.imagePath = (m_root / "still.png").string();
        r.prompt = "slow zoom \xE9\x95\x9C\xE5\xA4\xB4";
        r.negativePrompt = "blurry";
        r.family = "camera-motion"; // the default family: the one member allowed to keep its default
        r.modelDir = (m_root / "models").string();
        r.motion = "pan-left";
        r.easing = "linear";
        r.width = 32;
        r.height = 24;
        r.frames = 3;
        r.fps = 5;
        r.steps = 20;
        r.guidance = 7.5;
        r.strength = 0.5;
        r.flowShift = 4.0;
        r.seed = 4242;
        r.imageNoiseSeed = 77;
        r.decodeChunk = 2;
        r.device = "cpu";
        r.dtype = "float32";
        r.previewEvery = 2;
        r.bestOf = 3;
        r.scorer = "openai/clip-vit-base-patch32";
        r.retrySmallerOnOutOfMemory = false;
        r.output.format = OutputFormat::WebM;
        r.output.path = (m_root / (name + ".webm")).string();
        r.output.outputDir = m_root.string();
        r.output.framesDir = (m_root / (name + "-frames")).string();
        r.output.crf = 30;
        r.output.writeSidecar = false;
        return r;
    }

    static GenerationRequest onlyLine(const fs::path& file)
    {
        const std::vector<BatchLine> lines = readBatchFile(file);
        if (lines.size() != 1 || !lines[0].parseError.empty())
            qFatal("batch line not read: %s", lines.empty() ? "no line" : lines[0].parseError.c_str());
        return lines[0].request;
    }

private slots:
    void initTestCase()
    {
        m_root = fs::path(m_dir.path().toStdString());
        Image still(40, 30);
        for (int y = 0; y < still.height; ++y)
            for (int x = 0; x < still.width; ++x) {
                std::uint8_t* p = still.pixel(x, y);
                p[0] = static_cast<std::uint8_t>(x * 6);
                p[1] = static_cast<std::uint8_t>(y * 8);
                p[2] = static_cast<std::uint8_t>((x + y) * 3);
            }
        savePng(still, m_root / "still.png");
        fs::create_directories(m_root / "models");
    }

    void everyMemberIsSet()
    {
        // camera-motion is the default family: only this member may keep its default value.
        QCOMPARE(QString::fromStdString(test::joined(test::equalMembers(fullRequest("x"), GenerationRequest{}))),
                 QStringLiteral("image, family"));
    }

    void generateThenBatchLine()
    {
        for (const bool sidecar : {false, true}) {
            GenerationRequest request = fullRequest(sidecar ? "with-sidecar" : "tags-only");
            request.output.writeSidecar = sidecar;
            request.bestOf = 1; // a best-of job's outputs record bestOf 1 and their own seeds (test_best_of)
            const JobOutcome outcome = runJob(request, {}, CancelToken{});
            QVERIFY2(outcome.state == JobState::Done, outcome.error.detail.c_str());
            QVERIFY2(test::differingStoredFields(outcome.used, request).empty(),
                     test::joined(test::differingStoredFields(outcome.used, request)).c_str());
            // The recipe as found with the clip: the sidecar (pretty-printed, a valid batch line as it is),
            // else the container's tag.
            fs::path line = m_root / (std::string(sidecar ? "sidecar" : "tags") + ".jsonl");
            if (sidecar) {
                line = sidecarPathFor(request.output.path);
                QVERIFY(fs::exists(line));
            } else {
                QVERIFY(!fs::exists(sidecarPathFor(request.output.path)));
                const VideoInfo info = probeVideo(request.output.path);
                auto tag = info.metadata.find("i2v_recipe");
                if (tag == info.metadata.end())
                    tag = info.metadata.find("comment"); // containers that keep only the standard tag
                QVERIFY(tag != info.metadata.end());
                std::ofstream(line) << tag->second << "\n";
            }
            const GenerationRequest back = onlyLine(line);
            QVERIFY2(test::differingStoredFields(back, request).empty(),
                     test::joined(test::differingStoredFields(back, request)).c_str());
        }
    }

    void queueSaveThenLoad()
    {
        const fs::path file = m_root / "queue" / "queue.jsonl";
        const GenerationRequest request = fullRequest("queued");
        {
            JobQueue queue({});
            queue.attachStore(file);
            queue.setPaused(true); // saved, never run
            queue.submit(request);
        }
        JobQueue restored({});
        restored.attachStore(file);
        const std::vector<QueueEntry> entries = restored.snapshot();
        QCOMPARE(entries.size(), std::size_t(1));
        QVERIFY2(test::differingStoredFields(entries[0].request, request).empty(),
                 test::joined(test::differingStoredFields(entries[0].request, request)).c_str());
        // The exported queue (batch input for a render machine) carries the same request.
        const fs::path exported = m_root / "exported.jsonl";
        QCOMPARE(restored.exportJsonl(exported), std::size_t(1));
        const GenerationRequest line = onlyLine(exported);
        QVERIFY2(test::differingStoredFields(line, request).empty(),
                 test::joined(test::differingStoredFields(line, request)).c_str());
    }
};

QTEST_GUILESS_MAIN(TestRequestRoundTrip)
#include "test_request_roundtrip.moc"
