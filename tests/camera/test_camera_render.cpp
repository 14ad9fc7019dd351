// Camera-motion rendering and pipeline: zoom/pan geometry measured on real frames, no borders,
// determinism, sizes, progress, cancellation, validation.

#include "camera_test_image.h"

#include "core/base/error.h"
#include "core/engine/api/registry.h"
#include "core/engine/models/camera_motion/camera_path.h"
#include "core/engine/models/camera_motion/camera_renderer.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <QElapsedTimer>
#include <QTest>

#include <ctime>

using namespace i2v;
using namespace i2v::camera;

namespace {

cv::Mat matOf(const Image& img)
{
    return cv::Mat(img.height, img.width, CV_8UC3, const_cast<std::uint8_t*>(img.rgb.data())).clone();
}

cv::Mat grayFloat(const Image& img)
{
    cv::Mat gray, f;
    cv::cvtColor(matOf(img), gray, cv::COLOR_RGB2GRAY);
    gray.convertTo(f, CV_64F);
    return f;
}

// Mean absolute difference over the interior (a `border`-pixel frame excluded), 0..255.
double meanAbsDiff(const cv::Mat& a, const cv::Mat& b, int border)
{
    const cv::Rect inner(border, border, a.cols - 2 * border, a.rows - 2 * border);
    cv::Mat diff;
    cv::absdiff(a(inner), b(inner), diff);
    const cv::Scalar m = cv::mean(diff);
    return (m[0] + m[1] + m[2]) / 3;
}

// `img` magnified by `ratio` about its centre (pixel-centre convention), bicubic.
cv::Mat magnified(const cv::Mat& img, double ratio)
{
    const double cx = img.cols / 2.0, cy = img.rows / 2.0;
    // dst (x + 0.5) = ratio * (src (x + 0.5) - c) + c
    const cv::Mat m = (cv::Mat_<double>(2, 3) << ratio, 0, (1 - ratio) * cx + 0.5 * (ratio - 1), 0, ratio,
                       (1 - ratio) * cy + 0.5 * (ratio - 1));
    cv::Mat out;
    cv::warpAffine(img, out, m, img.size(), cv::INTER_CUBIC, cv::BORDER_REPLICATE);
    return out;
}

PathSpec spec(CameraMove move, double strength, int w, int h, int frames, Easing easing = Easing::Linear)
{
    PathSpec s;
    s.move = move;
    s.strength = strength;
    s.outWidth = w;
    s.outHeight = h;
    s.frames = frames;
    s.easing = easing;
    s.seed = 3;
    return s;
}

std::unique_ptr<Pipeline> loadCameraMotion()
{
    const ModelFamily* family = findModelFamily("camera-motion");
    if (!family)
        throw std::runtime_error("camera-motion is not registered");
    return family->load("", {});
}

GenerationRequest request(int w, int h, int frames)
{
    GenerationRequest r;
    r.image = test::cameraTestImage(320, 240);
    r.width = w;
    r.height = h;
    r.frames = frames;
    return r;
}

ErrorCode codeOf(const std::function<void()>& fn)
{
    try {
        fn();
    } catch (const I2vError& e) {
        return e.code();
    }
    return ErrorCode::Ok;
}

} // namespace

class TestCameraRender : public QObject {
    Q_OBJECT

private slots:
    void coverCropKeepsAspect()
    {
        QCOMPARE(coverCrop(1000, 500, 100, 100), (std::array<int, 4>{250, 0, 500, 500}));
        QCOMPARE(coverCrop(500, 1000, 16, 9), (std::array<int, 4>{0, 359, 500, 281}));
        QCOMPARE(coverCrop(640, 360, 1280, 720), (std::array<int, 4>{0, 0, 640, 360}));
    }

    // The last frame of a zoom-in equals the first frame's centre, enlarged by the zoom ratio.
    void zoomInLastFrameIsEnlargedCentre()
    {
        const Image src = test::cameraTestImage(900, 700);
        const CameraRenderer r(src, spec(CameraMove::ZoomIn, 1.0, 240, 180, 6));
        const double ratio = r.path().pose(5).zoom / r.path().pose(0).zoom;
        QVERIFY(std::abs(ratio - 1.3) < 1e-9);
        const cv::Mat first = matOf(r.render(0));
        const cv::Mat last = matOf(r.render(5));
        const double err = meanAbsDiff(last, magnified(first, ratio), 4);
        const double unmoved = meanAbsDiff(last, first, 4);
        const double wrongWay = meanAbsDiff(last, magnified(first, 1 / ratio), 4);
        qInfo("zoom-in: mean |last - enlarged centre of first| = %.3f (vs %.3f unmoved, %.3f zoomed out)", err,
              unmoved, wrongWay);
        QVERIFY(err < 2.5);
        QVERIFY(unmoved > 5 * err);
        QVERIFY(wrongWay > 5 * err);
    }

    // pan-left slides content right by exactly the path's offset change (phase correlation, sub-pixel).
    void panMovesContentTheRightWay_data()
    {
        QTest::addColumn<int>("move");
        QTest::newRow("pan-left") << int(CameraMove::PanLeft);
        QTest::newRow("pan-right") << int(CameraMove::PanRight);
        QTest::newRow("pan-up") << int(CameraMove::PanUp);
        QTest::newRow("pan-down") << int(CameraMove::PanDown);
    }

    void panMovesContentTheRightWay()
    {
        QFETCH(int, move);
        const Image src = test::cameraTestImage(800, 600);
        const CameraRenderer r(src, spec(static_cast<CameraMove>(move), 0.5, 256, 192, 9));
        const CameraPose& p0 = r.path().pose(0);
        const CameraPose& p1 = r.path().pose(1);
        // Content moves opposite to the window: output shift = -(offset change) * zoom.
        const double expectX = -(p1.offsetX - p0.offsetX) * p0.zoom;
        const double expectY = -(p1.offsetY - p0.offsetY) * p0.zoom;
        const cv::Mat a = grayFloat(r.render(0));
        cv::Mat window;
        cv::createHanningWindow(window, a.size(), CV_64F); // the static frame edges must not vote for 0
        const cv::Point2d shift = cv::phaseCorrelate(a, grayFloat(r.render(1)), window);
        qInfo("measured shift (%.3f, %.3f), expected (%.3f, %.3f)", shift.x, shift.y, expectX, expectY);
        QVERIFY(std::abs(expectX) + std::abs(expectY) > 1.0);
        QVERIFY(std::abs(shift.x - expectX) < 0.25);
        QVERIFY(std::abs(shift.y - expectY) < 0.25);
        if (move == int(CameraMove::PanLeft))
            QVERIFY(shift.x > 1.0);
        if (move == int(CameraMove::PanUp))
            QVERIFY(shift.y > 1.0);
    }

    // Every move at maximum strength: a frame never depends on what lies outside the source, so
    // rendering with black or with white padding gives the same bytes, and no border pixel is black.
    void noBordersAtMaxStrength()
    {
        const Image src = test::cameraTestImage(300, 200);
        const int sizes[][2] = {{96, 64}, {48, 128}};
        for (const std::string& name : cameraMoveNames()) {
            for (const auto& size : sizes) {
                RenderOptions black, white;
                black.padding = std::array<std::uint8_t, 3>{0, 0, 0};
                white.padding = std::array<std::uint8_t, 3>{255, 255, 255};
                const PathSpec s = spec(*parseCameraMove(name), 3.0, size[0], size[1], 5, Easing::EaseInOut);
                const CameraRenderer rb(src, s, black), rw(src, s, white);
                for (int f = 0; f < 5; ++f) {
                    const Image a = rb.render(f);
                    QVERIFY2(a.rgb == rw.render(f).rgb, (name + " frame " + std::to_string(f)).c_str());
                    for (int y = 0; y < a.height; ++y)
                        for (int x = 0; x < a.width; ++x) {
                            if (x != 0 && y != 0 && x != a.width - 1 && y != a.height - 1)
                                continue;
                            const std::uint8_t* p = a.pixel(x, y);
                            QVERIFY2(p[0] + p[1] + p[2] > 0, name.c_str());
                        }
                }
            }
        }
    }

    void deterministicPerSeed()
    {
        auto pipe = loadCameraMotion();
        GenerationRequest r = request(128, 96, 6);
        r.motion = "handheld";
        r.seed = 5;
        const GenerationResult a = pipe->run(r, {}, CancelToken());
        const GenerationResult b = pipe->run(r, {}, CancelToken());
        r.seed = 6;
        const GenerationResult c = pipe->run(r, {}, CancelToken());
        bool differs = false;
        for (int f = 0; f < 6; ++f) {
            QVERIFY(a.frames[f].rgb == b.frames[f].rgb);
            differs = differs || a.frames[f].rgb != c.frames[f].rgb;
        }
        QVERIFY(differs);
        QVERIFY(a.frames[0].rgb != a.frames[5].rgb); // it does move
    }

    void sizesAndCounts_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("frames");
        QTest::newRow("16:9") << 640 << 360 << 3;
        QTest::newRow("tall") << 202 << 720 << 2;
        QTest::newRow("wide") << 1000 << 250 << 4;
        QTest::newRow("tiny") << 16 << 16 << 7;
        QTest::newRow("strip") << 2048 << 16 << 2;
    }

    void sizesAndCounts()
    {
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(int, frames);
        auto pipe = loadCameraMotion();
        GenerationRequest r = request(width, height, frames);
        r.motion = "orbit-left";
        const GenerationResult res = pipe->run(r, {}, CancelToken());
        QCOMPARE(int(res.frames.size()), frames);
        for (const Image& f : res.frames) {
            QCOMPARE(f.width, width);
            QCOMPARE(f.height, height);
            QCOMPARE(f.rgb.size(), size_t(width) * height * 3);
        }
        QCOMPARE(res.fps, r.fps);
        QCOMPARE(res.details.at("motion"), std::string("orbit-left"));
    }

    void progressAndPreviews()
    {
        auto pipe = loadCameraMotion();
        GenerationRequest r = request(64, 48, 7);
        r.previewEvery = 3;
        std::vector<ProgressEvent> events;
        const GenerationResult res = pipe->run(r, [&](const ProgressEvent& e) { events.push_back(e); }, CancelToken());
        std::vector<ProgressEvent> frames;
        for (const ProgressEvent& e : events)
            if (e.stage == Stage::Denoising)
                frames.push_back(e);
        QCOMPARE(int(frames.size()), 7);
        double last = 0;
        for (int i = 0; i < 7; ++i) {
            QCOMPARE(frames[i].step, i + 1);
            QCOMPARE(frames[i].total, 7);
            QVERIFY(frames[i].elapsedMs >= last);
            last = frames[i].elapsedMs;
            const bool wantPreview = i == 2 || i == 5 || i == 6;
            QCOMPARE(bool(frames[i].preview), wantPreview);
            if (frames[i].preview)
                QVERIFY(frames[i].preview->rgb == res.frames[i].rgb);
        }
    }

    void cancelStopsBetweenFrames()
    {
        auto pipe = loadCameraMotion();
        const GenerationRequest r = request(64, 64, 10);
        CancelToken cancel;
        int rendered = 0;
        const auto observer = [&](const ProgressEvent& e) {
            if (e.stage == Stage::Denoising && ++rendered == 3)
                cancel.cancel();
        };
        QCOMPARE(codeOf([&] { pipe->run(r, observer, cancel); }), ErrorCode::Cancelled);
        QCOMPARE(rendered, 3);
        // Already cancelled: nothing is rendered.
        rendered = 0;
        QCOMPARE(codeOf([&] { pipe->run(r, observer, cancel); }), ErrorCode::Cancelled);
        QCOMPARE(rendered, 0);
    }

    void motionDetailsAndValidation()
    {
        auto pipe = loadCameraMotion();
        GenerationRequest r = request(64, 64, 2);
        r.prompt = "camera slowly zooming in on the face";
        GenerationResult res = pipe->run(r, {}, CancelToken());
        QCOMPARE(res.details.at("motion"), std::string("zoom-in"));
        QCOMPARE(res.details.at("motion_source"), std::string("prompt"));
        QCOMPARE(res.details.at("easing"), std::string("ease-in-out"));
        r.prompt = "镜头向左平移";
        QCOMPARE(pipe->run(r, {}, CancelToken()).details.at("motion"), std::string("pan-left"));
        r.motion = "tilt_down";
        r.easing = "linear";
        res = pipe->run(r, {}, CancelToken());
        QCOMPARE(res.details.at("motion"), std::string("tilt-down"));
        QCOMPARE(res.details.at("motion_source"), std::string("parameter"));
        QCOMPARE(res.family, std::string("camera-motion"));

        const auto bad = [&](const std::function<void(GenerationRequest&)>& change) {
            GenerationRequest b = request(64, 64, 2);
            change(b);
            return codeOf([&] { pipe->run(b, {}, CancelToken()); });
        };
        QCOMPARE(bad([](GenerationRequest& b) { b.width = 65; }), ErrorCode::InvalidArgument);
        QCOMPARE(bad([](GenerationRequest& b) { b.height = 4096; }), ErrorCode::InvalidArgument);
        QCOMPARE(bad([](GenerationRequest& b) { b.frames = 1; }), ErrorCode::InvalidArgument);
        QCOMPARE(bad([](GenerationRequest& b) { b.strength = 3.5; }), ErrorCode::InvalidArgument);
        QCOMPARE(bad([](GenerationRequest& b) { b.motion = "sideways"; }), ErrorCode::InvalidArgument);
        QCOMPARE(bad([](GenerationRequest& b) { b.easing = "bounce"; }), ErrorCode::InvalidArgument);
        QCOMPARE(bad([](GenerationRequest& b) { b.image = Image(); }), ErrorCode::InvalidArgument);
    }

    void registeredWithSchema()
    {
        const ModelFamily* family = findModelFamily("camera-motion");
        QVERIFY(family);
        QVERIFY(!family->needsWeights());
        QVERIFY(!family->probe(I2V_TEST_DATA_DIR));
        bool sawMotion = false;
        for (const ParamSpec& p : family->parameters()) {
            QVERIFY2(!p.description.empty(), p.name.c_str());
            QVERIFY(p.minValue <= p.defaultValue && p.defaultValue <= p.maxValue);
            if (p.name == "motion") {
                sawMotion = true;
                QCOMPARE(p.kind, ParamKind::Choice);
                QCOMPARE(p.choices.front(), std::string("auto"));
                QCOMPARE(p.choices.size(), cameraMoveNames().size() + 1);
            }
        }
        QVERIFY(sawMotion);
    }

    // The yardstick: 512x512, 16 frames. The time goes to the log (see notes/camera.md).
    void clip512x16()
    {
        initEngineRuntime();
        auto pipe = loadCameraMotion();
        GenerationRequest r = request(512, 512, 16);
        r.image = test::cameraTestImage(1600, 1200);
        r.prompt = "camera slowly zooming in on the face";
        QElapsedTimer timer;
        timer.start();
        const std::clock_t cpuStart = std::clock();
        const GenerationResult res = pipe->run(r, {}, CancelToken());
        // CPU time (all threads) does not depend on how busy the machine is; wall time does.
        qInfo("512x512x16 camera-motion clip: %lld ms wall, %.0f ms CPU", static_cast<long long>(timer.elapsed()),
              1000.0 * static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC);
        QCOMPARE(int(res.frames.size()), 16);
        QCOMPARE(res.frames.back().width, 512);
    }
};

QTEST_GUILESS_MAIN(TestCameraRender)
#include "test_camera_render.moc"
