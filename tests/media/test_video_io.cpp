// Video encode round trips (MP4, WebM, GIF, PNG frames): stream facts, embedded recipe, decoded frames
// close to the input; odd sizes; never overwriting; unwritable folders; cancellation; disk full.

#include "core/base/error.h"
#include "core/media/recipe.h"
#include "core/media/video_io.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <fstream>
#include <sys/resource.h>
#include <unistd.h>

using namespace i2v;
namespace fs = std::filesystem;

namespace {

// A smooth moving picture: gradients plus a soft disc sliding right, as a generated clip would look.
std::vector<Image> clip(int w, int h, int n)
{
    std::vector<Image> frames;
    for (int i = 0; i < n; ++i) {
        Image f(w, h);
        const double cx = w * (0.3 + 0.4 * i / std::max(1, n - 1)), cy = h / 2.0, r = h / 4.0;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const double d = std::hypot(x - cx, y - cy) / r;
                const double disc = std::clamp(1.5 - d, 0.0, 1.0);
                std::uint8_t* p = f.pixel(x, y);
                p[0] = static_cast<std::uint8_t>(40 + 150.0 * x / w + 60 * disc);
                p[1] = static_cast<std::uint8_t>(60 + 120.0 * y / h);
                p[2] = static_cast<std::uint8_t>(200 - 150 * disc);
            }
        frames.push_back(std::move(f));
    }
    return frames;
}

double meanAbsDiff(const Image& a, const Image& b)
{
    double sum = 0;
    const int w = std::min(a.width, b.width), h = std::min(a.height, b.height);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < 3; ++c)
                sum += std::abs(int(a.pixel(x, y)[c]) - int(b.pixel(x, y)[c]));
    return sum / (3.0 * w * h);
}

ErrorCode codeOf(const std::function<void()>& f, std::string* detail = nullptr)
{
    try {
        f();
    } catch (const I2vError& e) {
        if (detail)
            *detail = e.what();
        return e.code();
    }
    return ErrorCode::Ok;
}

QStringList entries(const QString& dir) { return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot); }

const std::string kRecipe = "{\"prompt\":\"\xE7\x8C\xAB camera slowly zooming in\",\"seed\":42}";

} // namespace

class TestVideoIo : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("codec");
        QTest::addColumn<QString>("pixelFormat");
        QTest::addColumn<double>("maxDiff");
        QTest::newRow("mp4") << int(OutputFormat::Mp4) << "clip.mp4" << "h264" << "yuv420p" << 3.0;
        QTest::newRow("webm") << int(OutputFormat::WebM) << "clip.webm" << "vp9" << "yuv420p" << 4.0;
        QTest::newRow("gif") << int(OutputFormat::Gif) << "clip.gif" << "gif" << "bgra" << 6.0;
        QTest::newRow("png") << int(OutputFormat::PngFrames) << "frames" << "png" << "rgb24" << 0.0;
    }

    void roundTrip()
    {
        QFETCH(int, format);
        QFETCH(QString, file);
        QFETCH(QString, codec);
        QFETCH(QString, pixelFormat);
        QFETCH(double, maxDiff);
        QTemporaryDir dir;
        const fs::path path = dir.filePath(file).toStdString();
        const auto frames = clip(96, 64, 10);
        EncodeOptions options;
        options.format = static_cast<OutputFormat>(format);
        options.fps = 8;
        options.metadata = recipeMetadata(kRecipe);
        int reported = 0;
        options.onFrame = [&](int done, int total) {
            QCOMPARE(total, 10);
            reported = done;
        };
        encodeVideo(frames, path, options);
        QCOMPARE(reported, 10);
        QCOMPARE(entries(dir.path()), QStringList{file}); // no temp file left behind

        const VideoInfo info = probeVideo(path);
        QCOMPARE(QString::fromStdString(info.codec), codec);
        QCOMPARE(QString::fromStdString(info.pixelFormat), pixelFormat);
        QCOMPARE(info.width, 96);
        QCOMPARE(info.height, 64);
        QCOMPARE(info.frameCount, 10);
        if (options.format != OutputFormat::PngFrames)
            QVERIFY2(std::abs(info.fps - 8.0) < 0.2, qPrintable(QString::number(info.fps)));
        const bool hasRecipe = info.metadata.count("i2v_recipe") ? info.metadata.at("i2v_recipe") == kRecipe
                                                                 : info.metadata.count("comment") &&
                                                                       info.metadata.at("comment") == kRecipe;
        QVERIFY2(hasRecipe, "the recipe is not in the container metadata");

        const auto decoded = decodeVideo(path);
        QCOMPARE(decoded.size(), frames.size());
        for (std::size_t i = 0; i < frames.size(); ++i) {
            const double d = meanAbsDiff(decoded[i], frames[i]);
            QVERIFY2(d <= maxDiff, qPrintable(QString("frame %1 differs by %2 on average").arg(i).arg(d)));
        }
    }

    void mp4IsFastStart()
    {
        QTemporaryDir dir;
        const fs::path path = dir.filePath("fast.mp4").toStdString();
        encodeVideo(clip(64, 48, 4), path, {});
        std::ifstream in(path, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto moov = bytes.find("moov"), mdat = bytes.find("mdat");
        QVERIFY(moov != std::string::npos && mdat != std::string::npos);
        QVERIFY2(moov < mdat, "the moov index must come before the media data (+faststart)");
    }

    void oddDimensionsArePaddedToEven()
    {
        QTemporaryDir dir;
        const fs::path path = dir.filePath("odd.mp4").toStdString();
        const auto frames = clip(65, 47, 3);
        encodeVideo(frames, path, {});
        const VideoInfo info = probeVideo(path);
        QCOMPARE(info.width, 66);
        QCOMPARE(info.height, 48);
        const auto decoded = decodeVideo(path);
        QCOMPARE(decoded.size(), std::size_t(3));
        QVERIFY(meanAbsDiff(decoded[1], frames[1]) < 3.0);
        // The extra column repeats the last one.
        double edge = 0;
        for (int y = 0; y < 47; ++y)
            for (int c = 0; c < 3; ++c)
                edge += std::abs(int(decoded[1].pixel(65, y)[c]) - int(frames[1].pixel(64, y)[c]));
        QVERIFY(edge / (47 * 3) < 6.0);
        // GIF keeps the odd size.
        const fs::path gif = dir.filePath("odd.gif").toStdString();
        EncodeOptions o;
        o.format = OutputFormat::Gif;
        encodeVideo(frames, gif, o);
        QCOMPARE(probeVideo(gif).width, 65);
    }

    void refusesToOverwrite()
    {
        QTemporaryDir dir;
        const fs::path path = dir.filePath("taken.mp4").toStdString();
        std::ofstream(path) << "precious";
        std::string detail;
        QCOMPARE(codeOf([&] { encodeVideo(clip(32, 32, 2), path, {}); }, &detail), ErrorCode::OutputExists);
        QVERIFY2(detail.find("taken.mp4") != std::string::npos, detail.c_str());
        std::ifstream in(path);
        std::string content;
        in >> content;
        QCOMPARE(content, std::string("precious"));
        const fs::path framesDir = dir.filePath("frames").toStdString();
        fs::create_directory(framesDir);
        EncodeOptions png;
        png.format = OutputFormat::PngFrames;
        QCOMPARE(codeOf([&] { encodeVideo(clip(32, 32, 2), framesDir, png); }), ErrorCode::OutputExists);
        QVERIFY(fs::is_empty(framesDir));
        // A trailing slash names the same folder.
        encodeVideo(clip(32, 32, 2), dir.filePath("more").toStdString() + "/", png);
        QVERIFY(fs::exists(dir.filePath("more/frame_0002.png").toStdString()));
    }

    void unwritableFolder()
    {
        QTemporaryDir dir;
        QCOMPARE(codeOf([&] { encodeVideo(clip(32, 32, 2), dir.filePath("missing/clip.mp4").toStdString(), {}); }),
                 ErrorCode::OutputUnwritable);
        // A "folder" that is a file.
        std::ofstream(dir.filePath("plain").toStdString()) << "x";
        QCOMPARE(codeOf([&] { encodeVideo(clip(32, 32, 2), dir.filePath("plain/clip.mp4").toStdString(), {}); }),
                 ErrorCode::OutputUnwritable);
        // A folder nobody can create files in, root included (procfs): the failure comes from FFmpeg's open.
        for (OutputFormat f : {OutputFormat::Mp4, OutputFormat::Gif, OutputFormat::PngFrames}) {
            EncodeOptions o;
            o.format = f;
            std::string detail;
            QCOMPARE(codeOf([&] { encodeVideo(clip(32, 32, 2), "/proc/i2v-media-test-out", o); }, &detail),
                     ErrorCode::OutputUnwritable);
            QVERIFY2(detail.find("/proc") != std::string::npos, detail.c_str());
        }
        if (::geteuid() == 0)
            QSKIP("running as root: permissions do not stop writes");
        const QString locked = dir.filePath("locked");
        QVERIFY(QDir().mkdir(locked));
        fs::permissions(locked.toStdString(), fs::perms::owner_read | fs::perms::owner_exec);
        for (OutputFormat f : {OutputFormat::Mp4, OutputFormat::Gif, OutputFormat::PngFrames}) {
            EncodeOptions o;
            o.format = f;
            std::string detail;
            QCOMPARE(codeOf([&] { encodeVideo(clip(32, 32, 2), (locked + "/out").toStdString(), o); }, &detail),
                     ErrorCode::OutputUnwritable);
            QVERIFY2(detail.find("locked") != std::string::npos, detail.c_str());
        }
        fs::permissions(locked.toStdString(), fs::perms::owner_all);
        QVERIFY(entries(locked).isEmpty());
    }

    void cancellationLeavesNoFile()
    {
        for (OutputFormat f : {OutputFormat::Mp4, OutputFormat::WebM, OutputFormat::Gif, OutputFormat::PngFrames}) {
            QTemporaryDir dir;
            CancelToken cancel;
            EncodeOptions o;
            o.format = f;
            int seen = 0;
            o.onFrame = [&](int done, int) {
                seen = done;
                if (done == 3)
                    cancel.cancel();
            };
            QCOMPARE(codeOf([&] { encodeVideo(clip(48, 32, 8), dir.filePath("c").toStdString(), o, cancel); }),
                     ErrorCode::Cancelled);
            QCOMPARE(seen, 3); // stopped at the next frame boundary
            QVERIFY2(entries(dir.path()).isEmpty(), qPrintable(entries(dir.path()).join(", ")));
        }
    }

    void diskFullIsReported()
    {
        // A file-size limit makes write() fail with EFBIG exactly as a full disk fails with ENOSPC.
        QTemporaryDir dir;
        rlimit old{};
        getrlimit(RLIMIT_FSIZE, &old);
        auto previous = std::signal(SIGXFSZ, SIG_IGN);
        rlimit small = old;
        small.rlim_cur = 4096;
        setrlimit(RLIMIT_FSIZE, &small);
        std::string detail;
        const ErrorCode code = codeOf([&] { encodeVideo(clip(256, 256, 12), dir.filePath("full.mp4").toStdString(), {}); },
                                      &detail);
        setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, previous);
        QCOMPARE(code, ErrorCode::DiskFull);
        QVERIFY2(detail.find("full.mp4") != std::string::npos, detail.c_str());
        QVERIFY(entries(dir.path()).isEmpty());
    }

    void badInputs()
    {
        QTemporaryDir dir;
        const std::string out = dir.filePath("x.mp4").toStdString();
        QCOMPARE(codeOf([&] { encodeVideo({}, out, {}); }), ErrorCode::InvalidArgument);
        auto frames = clip(32, 32, 2);
        frames.push_back(Image(16, 16));
        QCOMPARE(codeOf([&] { encodeVideo(frames, out, {}); }), ErrorCode::InvalidArgument);
        EncodeOptions o;
        o.fps = 0;
        QCOMPARE(codeOf([&] { encodeVideo(clip(32, 32, 2), out, o); }), ErrorCode::InvalidArgument);
        QVERIFY(entries(dir.path()).isEmpty());
        std::ofstream(dir.filePath("junk.mp4").toStdString()) << "not a video at all";
        QVERIFY(codeOf([&] { probeVideo(dir.filePath("junk.mp4").toStdString()); }) != ErrorCode::Ok);
        QCOMPARE(codeOf([&] { probeVideo(dir.filePath("none.mp4").toStdString()); }), ErrorCode::FileNotFound);
    }
};

QTEST_GUILESS_MAIN(TestVideoIo)
#include "test_video_io.moc"
