// Pure service functions: prompt slugs and automatic names, output path choice, the one exception →
// ErrorCode mapping, exit codes and one-line messages, JSON progress events.
#include "core/base/paths.h"
#include "core/service/error_report.h"
#include "core/service/model_locator.h"
#include "core/service/output_naming.h"
#include "core/service/progress_format.h"
#include "core/service/request_options.h"
#include "core/engine/api/registry.h"
#include "core/request/request_fields.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <new>
#include <system_error>

using namespace i2v;
namespace fs = std::filesystem;

namespace {
ErrorCode codeOf(const OptionValues& options)
{
    try {
        requestFromOptions(options);
    } catch (const I2vError& e) {
        return e.code();
    }
    return ErrorCode::Ok;
}

const ParamSpec* specNamed(const ModelFamily& family, const std::string& name, std::vector<ParamSpec>& storage)
{
    storage = family.parameters();
    for (const ParamSpec& p : storage)
        if (p.name == name)
            return &p;
    return nullptr;
}

template <typename E>
Error mapped(const E& exception)
{
    try {
        throw exception;
    } catch (...) {
        return errorFromCurrentException();
    }
}

std::tm fixedTime()
{
    std::tm tm{};
    tm.tm_year = 2026 - 1900;
    tm.tm_mon = 10;
    tm.tm_mday = 22;
    tm.tm_hour = 3;
    tm.tm_min = 4;
    tm.tm_sec = 5;
    return tm;
}
} // namespace

class TestServiceUnits : public QObject {
    Q_OBJECT

private slots:
    void promptSlugs()
    {
        QCOMPARE(promptSlug("Camera slowly zooming in, on the FACE!"), std::string("camera-slowly-zooming-in-on-the-face"));
        QCOMPARE(promptSlug("  ../../etc/passwd  "), std::string("etc-passwd"));
        QCOMPARE(promptSlug(""), std::string("clip"));
        QCOMPARE(promptSlug("!!!"), std::string("clip"));
        QCOMPARE(promptSlug("镜头缓缓推近，人物微笑"), std::string("镜头缓缓推近-人物微笑"));
        const std::string longSlug = promptSlug("a very long prompt about a lakeside at sunset with a small red boat");
        QVERIFY(longSlug.size() <= 40);
        QCOMPARE(longSlug, std::string("a-very-long-prompt-about-a-lakeside-at"));
        QCOMPARE(promptSlug("abc\xff\xfe def"), std::string("abc-def")); // invalid UTF-8 is a separator
    }

    void autoNames()
    {
        GenerationRequest r;
        r.prompt = "Pan left";
        r.seed = 42;
        QCOMPARE(autoOutputName(r, fixedTime()), std::string("2026-11-22_03-04-05_pan-left_seed42.mp4"));
        r.output.format = OutputFormat::Gif;
        QCOMPARE(autoOutputName(r, fixedTime()), std::string("2026-11-22_03-04-05_pan-left_seed42.gif"));
        r.output.format = OutputFormat::PngFrames;
        QCOMPARE(autoOutputName(r, fixedTime()), std::string("2026-11-22_03-04-05_pan-left_seed42"));
    }

    void freeNames()
    {
        QTemporaryDir dir;
        const std::filesystem::path wanted = dir.filePath("clip.mp4").toStdString();
        QCOMPARE(freeOutputPath(wanted, true), wanted);
        QFile(dir.filePath("clip.mp4.json")).open(QIODevice::WriteOnly); // a sidecar alone takes the name...
        QCOMPARE(freeOutputPath(wanted, true).filename().string(), std::string("clip (2).mp4"));
        QCOMPARE(freeOutputPath(wanted, false), wanted);                  // ...only for outputs with a sidecar
        QFile(dir.filePath("clip.mp4")).open(QIODevice::WriteOnly);
        QFile(dir.filePath("clip (2).mp4")).open(QIODevice::WriteOnly);
        QCOMPARE(freeOutputPath(wanted, false).filename().string(), std::string("clip (3).mp4"));
        std::filesystem::create_symlink(dir.filePath("nowhere").toStdString(), dir.filePath("clip (3).mp4").toStdString());
        QCOMPARE(freeOutputPath(wanted, false).filename().string(), std::string("clip (4).mp4")); // dangling link: taken
    }

    void outputPathChoice()
    {
        QTemporaryDir dir;
        GenerationRequest r;
        r.prompt = "zoom";
        r.seed = 1;
        r.output.outputDir = dir.filePath("out").toStdString();
        const OutputPaths first = pickOutputPaths(r, fixedTime());
        QCOMPARE(QString::fromStdString(first.video.filename().string()), QString("2026-11-22_03-04-05_zoom_seed1.mp4"));
        QCOMPARE(first.sidecar.string(), first.video.string() + ".json");
        // A leftover sidecar alone also makes the name taken.
        QFile(QString::fromStdString(first.sidecar.string())).open(QIODevice::WriteOnly);
        const OutputPaths second = pickOutputPaths(r, fixedTime());
        QCOMPARE(QString::fromStdString(second.video.filename().string()),
                 QString("2026-11-22_03-04-05_zoom_seed1 (2).mp4"));

        r.output.path = first.sidecar.string(); // exists
        try {
            pickOutputPaths(r, fixedTime());
            QFAIL("an existing output was accepted");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::OutputExists);
        }
        r.output.path = dir.filePath("clip.mp4").toStdString();
        r.output.framesDir = dir.filePath("out").toStdString(); // exists
        try {
            pickOutputPaths(r, fixedTime());
            QFAIL("an existing frames folder was accepted");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::OutputExists);
        }
    }

    // Temps left by a killed run (kill -9 while writing) are swept at the next run in that folder; a live
    // process's temp and every other name stay.
    void staleTempsAreSweptAtTheNextRun()
    {
        QTemporaryDir dir;
        const fs::path d = dir.path().toStdString();
        // A pid that cannot be alive: above the kernel's pid_max.
        const fs::path dead = d / ".clip.mp4.tmp-99999999-1";
        const fs::path deadFolder = d / ".frames.tmp-99999999-2";
        const fs::path live = d / (".clip.mp4.tmp-" + std::to_string(::getppid()) + "-1");
        const fs::path mine = tempPathFor(d / "mine.mp4");
        for (const fs::path& p : {dead, live, mine, d / "clip.mp4", d / ".hidden.tmp-abc-1", d / "x.tmp-99999999-1"})
            std::ofstream(p) << "x";
        fs::create_directory(deadFolder);
        std::ofstream(deadFolder / "frame_0001.png") << "x";
        GenerationRequest r;
        r.output.outputDir = d.string();
        r.prompt = "zoom";
        pickOutputPaths(r, std::tm{});
        QVERIFY(!fs::exists(dead));
        QVERIFY(!fs::exists(deadFolder));
        for (const fs::path& p : {live, mine, d / "clip.mp4", d / ".hidden.tmp-abc-1", d / "x.tmp-99999999-1"})
            QVERIFY2(fs::exists(p), p.c_str());
    }

    // A folder no engine takes says what is wrong with its model_index.json, naming the file (exit 4).
    void modelIndexProblemsNameTheFile()
    {
        QTemporaryDir dir;
        const auto caught = [](const std::string& folder) {
            try {
                familyForModelFolder(folder);
            } catch (const I2vError& e) {
                return std::make_pair(e.code(), std::string(e.what()));
            }
            return std::make_pair(ErrorCode::Ok, std::string());
        };
        const fs::path d = dir.path().toStdString();
        auto [code, text] = caught(d.string());
        QCOMPARE(code, ErrorCode::ModelNotFound);
        QVERIFY2(text.find((d / "model_index.json").string() + " is missing") == 0, text.c_str());
        const std::pair<const char*, const char*> cases[] = {
            {"{nope", "is not valid JSON"},
            {"[1, 2]", "is not a JSON object"},
            {"{\"unet\": [\"diffusers\", \"UNet\"]}", "names no pipeline"},
        };
        for (const auto& [json, says] : cases) {
            std::ofstream(d / "model_index.json", std::ios::trunc) << json;
            std::tie(code, text) = caught(d.string());
            QCOMPARE(code, ErrorCode::ModelInvalid);
            QVERIFY2(text.find((d / "model_index.json").string()) == 0 && text.find(says) != std::string::npos,
                     text.c_str());
        }
        std::ofstream(d / "model_index.json", std::ios::trunc) << "{\"_class_name\": \"SomeOtherPipeline\"}";
        std::tie(code, text) = caught(d.string());
        QCOMPARE(code, ErrorCode::ModelNotFound);
        QVERIFY2(text.find("\"SomeOtherPipeline\" is not one this app runs") != std::string::npos, text.c_str());
    }

    void exceptionsMapInOnePlace()
    {
        QCOMPARE(mapped(I2vError(ErrorCode::ImageCorrupt, "x.png: bad")).code, ErrorCode::ImageCorrupt);
        QCOMPARE(mapped(std::bad_alloc()).code, ErrorCode::OutOfMemory);
        QCOMPARE(mapped(std::runtime_error("CUDA out of memory. Tried to allocate 20.00 MiB\nbacktrace")).code,
                 ErrorCode::OutOfMemory);
        const Error internal = mapped(std::runtime_error("boom\nframe #0 ..."));
        QCOMPARE(internal.code, ErrorCode::Internal);
        QCOMPARE(internal.detail, std::string("boom"));
        using FsError = std::filesystem::filesystem_error;
        QCOMPARE(mapped(FsError("w", "/x", std::make_error_code(std::errc::no_space_on_device))).code, ErrorCode::DiskFull);
        QCOMPARE(mapped(FsError("w", "/x", std::make_error_code(std::errc::permission_denied))).code,
                 ErrorCode::OutputUnwritable);
        const Error missing = mapped(FsError("r", "/x/y", std::make_error_code(std::errc::no_such_file_or_directory)));
        QCOMPARE(missing.code, ErrorCode::FileNotFound);
        QVERIFY(missing.detail.find("/x/y") != std::string::npos);
        QCOMPARE(mapped(42).code, ErrorCode::Internal);
    }

    void exitCodesAndMessages()
    {
        QCOMPARE(exitCodeFor(ErrorCode::Ok), 0);
        QCOMPARE(exitCodeFor(ErrorCode::Internal), 1);
        QCOMPARE(exitCodeFor(ErrorCode::InvalidArgument), 2);
        QCOMPARE(exitCodeFor(ErrorCode::FileNotFound), 3);
        QCOMPARE(exitCodeFor(ErrorCode::ImageCorrupt), 3);
        QCOMPARE(exitCodeFor(ErrorCode::ModelInvalid), 4);
        QCOMPARE(exitCodeFor(ErrorCode::OutputExists), 5);
        QCOMPARE(exitCodeFor(ErrorCode::OutputUnwritable), 5);
        QCOMPARE(exitCodeFor(ErrorCode::Cancelled), 6);
        QCOMPARE(exitCodeFor(ErrorCode::OutOfMemory), 7);
        const std::string line = formatErrorLine({ErrorCode::ImageCorrupt, "photo.png: not a PNG\nsecond line."});
        QCOMPARE(line, std::string("i2v: error: photo.png: not a PNG second line. ") + errorAdvice(ErrorCode::ImageCorrupt));
        QVERIFY(line.find('\n') == std::string::npos);
        for (int code = 1; code <= static_cast<int>(ErrorCode::Internal); ++code)
            QVERIFY(!errorAdvice(static_cast<ErrorCode>(code)).empty());
        QVERIFY(exitCodeTable().find("  6  cancelled") != std::string::npos);
    }

    void requestsFromOptions()
    {
        const ModelFamily* family = defaultFamily();
        QVERIFY(family && !family->needsWeights());
        std::vector<ParamSpec> specs;
        const GenerationRequest r = requestFromOptions({{"image", "a.png"}, {"prompt", "zoom in"}});
        QCOMPARE(r.family, family->id());
        QCOMPARE(r.imagePath, std::string("a.png"));
        QCOMPARE(r.output.format, OutputFormat::Mp4);
        QCOMPARE(r.output.outputDir, std::string("."));
        QCOMPARE(double(r.width), specNamed(*family, "width", specs)->defaultValue); // defaults from the schema
        QCOMPARE(double(r.frames), specNamed(*family, "frames", specs)->defaultValue);

        const GenerationRequest g = requestFromOptions({{"image", "a.png"}, {"out", "x.gif"}, {"seed", "9"}, {"fps", "12"}});
        QCOMPARE(g.output.format, OutputFormat::Gif);
        QCOMPARE(g.output.path, std::string("x.gif"));
        QCOMPARE(g.seed, std::int64_t(9));
        QCOMPARE(g.fps, 12);
        QCOMPARE(requestFromOptions({{"image", "a"}, {"format", "png"}, {"out", "frames"}}).output.format,
                 OutputFormat::PngFrames);

        QCOMPARE(codeOf({{"prompt", "no image"}}), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf({{"image", "a"}, {"width", "12x"}}), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf({{"image", "a"}, {"frames", "100000"}}), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf({{"image", "a"}, {"out", "x.mp4"}, {"format", "gif"}}), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf({{"image", "a"}, {"out", "x.mov"}}), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf({{"image", "a"}, {"out", "x.mp4"}, {"out-dir", "d"}}), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf({{"image", "a"}, {"device", "gpu"}}), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf({{"image", "a"}, {"no-such-flag", "1"}}), ErrorCode::InvalidArgument);
        // The default engine's size multiple comes from its schema: the CLI refuses other sizes, saying why.
        const ParamSpec* width = specNamed(*family, "width", specs);
        QVERIFY(width && width->multipleOf > 1);
        const int off = static_cast<int>(width->defaultValue) + 1;
        try {
            requestFromOptions({{"image", "a"}, {"width", std::to_string(off)}});
            QFAIL("a width off the schema's multiple was accepted");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::InvalidArgument);
            const std::string expected = "--width: width = " + std::to_string(off) + " must be a multiple of " +
                                         std::to_string(width->multipleOf) + " (" + width->multipleReason + ")";
            QVERIFY2(std::string(e.what()).find(expected) != std::string::npos, e.what());
        }
        QCOMPARE(codeOf({{"image", "a"}, {"engine", "nope"}}), ErrorCode::ModelNotFound);
        QCOMPARE(codeOf({{"image", "a"}, {"model", "/no/such/folder"}}), ErrorCode::ModelNotFound);
        QCOMPARE(codeOf({{"image", "a"}, {"model", "ali-vilab/not-downloaded-here"}}), ErrorCode::ModelNotFound);
        if (const ParamSpec* motion = specNamed(*family, "motion", specs)) {
            QVERIFY(!motion->choices.empty());
            QCOMPARE(requestFromOptions({{"image", "a"}, {"motion", motion->choices.back()}}).motion,
                     motion->choices.back());
            QCOMPARE(codeOf({{"image", "a"}, {"motion", "somersault"}}), ErrorCode::InvalidArgument);
        }
        if (const ParamSpec* easing = specNamed(*family, "easing", specs)) {
            QCOMPARE(requestFromOptions({{"image", "a"}, {"easing", "linear"}}).easing, std::string("linear"));
            QCOMPARE(codeOf({{"image", "a"}, {"easing", "bounce"}}), ErrorCode::InvalidArgument);
        }
        // Every schema parameter of every engine reaches a request field through the one table
        // (core/request/request_fields.h), numeric ones as numbers, choices as text.
        for (const ModelFamily* f : modelFamilies()) {
            for (const ParamSpec& p : f->parameters()) {
                if (p.name == "seed")
                    continue; // a request member of its own type, set by --seed
                const RequestField* field = findRequestField(p.name);
                QVERIFY2(field, p.name.c_str());
                QCOMPARE(field->isNumeric(), p.kind != ParamKind::Choice);
                GenerationRequest probe;
                if (field->isNumeric()) {
                    QVERIFY(setRequestNumber(probe, p.name, p.maxValue));
                    QCOMPARE(*requestNumber(probe, p.name), p.maxValue);
                } else {
                    QVERIFY(setRequestText(probe, p.name, p.choices.back()));
                    QCOMPARE(*requestText(probe, p.name), p.choices.back());
                }
            }
        }
        QVERIFY(!findRequestField("no_such_parameter"));
        if (!specNamed(*family, "steps", specs))
            QCOMPARE(codeOf({{"image", "a"}, {"steps", "20"}}), ErrorCode::InvalidArgument); // not this engine's
    }

    void schemaConstraints()
    {
        // One interpretation of range + multiple (core/engine/api/params.h) for validation and the form.
        ParamSpec p;
        p.name = "width";
        p.kind = ParamKind::Int;
        p.minValue = 15;
        p.maxValue = 105;
        p.step = 1;
        p.multipleOf = 10;
        p.multipleReason = "tiles of 10";
        QCOMPARE(requiredMultiple(p), 10);
        QCOMPARE(lowestAllowed(p), 20.0);
        QCOMPARE(highestAllowed(p), 100.0);
        QCOMPARE(formStep(p), 10.0);
        QCOMPARE(snapToSchema(p, 34), 30.0);
        QCOMPARE(snapToSchema(p, 36), 40.0);
        QCOMPARE(snapToSchema(p, 1), 20.0);
        QCOMPARE(snapToSchema(p, 1000), 100.0);
        QCOMPARE(floorToSchema(p, 39), 30.0);
        QVERIFY(!schemaViolation(p, 40));
        QCOMPARE(schemaViolation(p, 45).value_or(""), std::string("width = 45 must be a multiple of 10 (tiles of 10)"));
        QCOMPARE(schemaViolation(p, 110).value_or(""), std::string("width = 110 is outside 15..105"));
        p.step = 25; // a coarser slider stays on the multiple
        QCOMPARE(formStep(p), 30.0);
        QCOMPARE(snapToSchema(p, 44), 40.0);
        // Without a multiple, the slider step is only a hint: validation accepts values between stops.
        ParamSpec g;
        g.name = "guidance";
        g.kind = ParamKind::Float;
        g.minValue = 1;
        g.maxValue = 20;
        g.step = 0.5;
        QCOMPARE(requiredMultiple(g), 1);
        QVERIFY(!schemaViolation(g, 7.3));
        QCOMPARE(snapToSchema(g, 7.3), 7.5);
        g.multipleOf = 4; // ignored for non-Int kinds
        QCOMPARE(requiredMultiple(g), 1);
    }

    void jsonProgress()
    {
        ProgressEvent e;
        e.stage = Stage::Denoising;
        e.step = 3;
        e.total = 16;
        e.elapsedMs = 1234.5;
        e.memoryBytes = 1 << 20;
        e.message = "frame \"3\"";
        const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(progressEventJson(7, e))).object();
        QCOMPARE(o["event"].toString(), QString("progress"));
        QCOMPARE(o["job"].toInt(), 7);
        QCOMPARE(o["stage"].toString(), QString("denoising"));
        QCOMPARE(o["step"].toInt(), 3);
        QCOMPARE(o["total"].toInt(), 16);
        QCOMPARE(o["elapsed_ms"].toInt(), 1234);
        QCOMPARE(o["message"].toString(), QString("frame \"3\""));

        JobOutcome failed;
        failed.state = JobState::Failed;
        failed.error = {ErrorCode::ImageCorrupt, "x.png: truncated"};
        const QJsonObject f = QJsonDocument::fromJson(QByteArray::fromStdString(jobFinishedJson(7, failed, 5))).object();
        QCOMPARE(f["state"].toString(), QString("failed"));
        QCOMPARE(f["seed"].toInt(), 5);
        QCOMPARE(f["error"].toObject()["code"].toString(), QString("image_corrupt"));
        QCOMPARE(f["error"].toObject()["exit_code"].toInt(), 3);

        const std::string line = formatProgressLine(e);
        QVERIFY2(line.find("denoising") == 0 && line.find("3/16") != std::string::npos, line.c_str());
    }
};

QTEST_GUILESS_MAIN(TestServiceUnits)
#include "test_service_units.moc"
