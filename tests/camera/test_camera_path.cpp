// Camera-motion geometry (CameraPath: easing, fitting, directions, seeds) and prompt keywords.

#include "core/base/error.h"
#include "core/engine/models/camera_motion/camera_motion_pipeline.h"
#include "core/engine/models/camera_motion/camera_path.h"
#include "core/engine/models/camera_motion/motion_prompt.h"

#include <QTest>

#include <cmath>

using namespace i2v;
using namespace i2v::camera;

namespace {

PathSpec specFor(CameraMove move, double strength, int w = 512, int h = 512, int frames = 16)
{
    PathSpec s;
    s.move = move;
    s.strength = strength;
    s.outWidth = w;
    s.outHeight = h;
    s.frames = frames;
    return s;
}

const std::vector<CameraMove>& allMoves()
{
    static const std::vector<CameraMove> moves = [] {
        std::vector<CameraMove> list;
        for (const std::string& name : cameraMoveNames())
            list.push_back(*parseCameraMove(name));
        return list;
    }();
    return moves;
}

} // namespace

class TestCameraPath : public QObject {
    Q_OBJECT

private slots:
    void easingCurves()
    {
        for (const std::string& name : easingNames()) {
            const Easing e = *parseEasing(name);
            QCOMPARE(ease(e, 0.0), 0.0);
            QCOMPARE(ease(e, 1.0), 1.0);
            double prev = 0;
            for (int i = 1; i <= 100; ++i) {
                const double v = ease(e, i / 100.0);
                QVERIFY2(v >= prev, name.c_str());
                prev = v;
            }
        }
        QVERIFY(ease(Easing::EaseInOut, 0.1) < 0.1); // slow start
        QVERIFY(ease(Easing::EaseOut, 0.1) > 0.1);   // fast start
        QCOMPARE(ease(Easing::Linear, 0.3), 0.3);
    }

    void namesRoundTrip()
    {
        QCOMPARE(cameraMoveNames().size(), size_t(16));
        for (CameraMove m : allMoves())
            QCOMPARE(parseCameraMove(cameraMoveName(m)), std::optional<CameraMove>(m));
        QCOMPARE(parseCameraMove("Zoom_In"), std::optional<CameraMove>(CameraMove::ZoomIn));
        QCOMPARE(parseCameraMove("pan left"), std::optional<CameraMove>(CameraMove::PanLeft));
        QVERIFY(!parseCameraMove("sideways"));
        QCOMPARE(parseEasing("EASE_OUT"), std::optional<Easing>(Easing::EaseOut));
        QVERIFY(!parseEasing("bouncy"));
    }

    // Every point of the window's boundary, in every frame of every move at every strength and aspect,
    // stays inside the canvas minus the margin: no frame can show a border.
    void windowStaysInsideCanvas()
    {
        const int sizes[][2] = {{512, 512}, {640, 360}, {200, 720}, {1000, 250}, {16, 16}};
        for (CameraMove move : allMoves()) {
            for (double strength : {0.0, 0.5, 1.0, 3.0}) {
                for (const auto& size : sizes) {
                    for (const std::string& easing : easingNames()) {
                        PathSpec s = specFor(move, strength, size[0], size[1], 24);
                        s.easing = *parseEasing(easing);
                        s.marginRef = 2.0;
                        s.seed = 7;
                        const CameraPath path(s);
                        for (int f = 0; f < path.frameCount(); ++f) {
                            QVERIFY(path.pose(f).zoom >= 1.0);
                            for (int k = 0; k <= 64; ++k) {
                                const double a = k / 64.0;
                                const double w = s.outWidth, h = s.outHeight;
                                for (const auto& [x, y] : {std::array<double, 2>{a * w, 0}, {a * w, h}, {0, a * h},
                                                           {w, a * h}}) {
                                    const auto q = path.map(f, x, y);
                                    const bool inside = q[0] >= s.marginRef - 1e-9 && q[0] <= w - s.marginRef + 1e-9 &&
                                                        q[1] >= s.marginRef - 1e-9 && q[1] <= h - s.marginRef + 1e-9;
                                    if (!inside)
                                        QFAIL(qPrintable(QStringLiteral("%1 strength %2 %3x%4 frame %5 maps (%6,%7) to "
                                                                        "(%8,%9)")
                                                             .arg(QString::fromStdString(cameraMoveName(move)))
                                                             .arg(strength).arg(w).arg(h).arg(f).arg(x).arg(y)
                                                             .arg(q[0]).arg(q[1])));
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    void fitIsTight()
    {
        // The fit zooms no further than needed: some corner of some frame touches the margin.
        for (CameraMove move : allMoves()) {
            PathSpec s = specFor(move, 2.0, 640, 360, 12);
            s.marginRef = 1.5;
            const CameraPath path(s);
            double closest = 1e9;
            for (int f = 0; f < path.frameCount(); ++f)
                for (const auto& [x, y] : {std::array<double, 2>{0, 0}, {640, 0}, {0, 360}, {640, 360}}) {
                    const auto q = path.map(f, x, y);
                    closest = std::min({closest, q[0] - 1.5, 640 - 1.5 - q[0], q[1] - 1.5, 360 - 1.5 - q[1]});
                }
            QVERIFY2(std::abs(closest) < 1e-6, cameraMoveName(move).c_str());
        }
    }

    void zoomInPath()
    {
        const CameraPath path(specFor(CameraMove::ZoomIn, 1.0));
        QCOMPARE(path.pose(0).zoom, 1.0);
        QVERIFY(std::abs(path.pose(15).zoom - 1.3) < 1e-12);
        for (int f = 1; f < 16; ++f) {
            QVERIFY(path.pose(f).zoom > path.pose(f - 1).zoom);
            QCOMPARE(path.pose(f).offsetX, 0.0);
        }
        // The centre stays put; a corner moves towards it.
        const auto c = path.map(15, 256, 256);
        QVERIFY(std::abs(c[0] - 256) < 1e-9 && std::abs(c[1] - 256) < 1e-9);
        QVERIFY(std::abs(path.map(15, 0, 0)[0] - 256 * (1 - 1 / 1.3)) < 1e-9);
        // Strength scales the amount; zero is a still camera.
        QVERIFY(std::abs(CameraPath(specFor(CameraMove::ZoomIn, 3.0)).pose(15).zoom - std::pow(1.3, 3)) < 1e-9);
        QCOMPARE(CameraPath(specFor(CameraMove::ZoomIn, 0.0)).pose(15).zoom, 1.0);
    }

    void directions()
    {
        // Where the output centre looks in the canvas, relative to the canvas centre.
        const auto offsetOfCentre = [](const CameraPath& p, int f) {
            const auto q = p.map(f, 256, 256);
            return std::array<double, 2>{q[0] - 256, q[1] - 256};
        };
        // pan-left: the window moves left over the canvas, so content slides right on screen.
        const CameraPath left(specFor(CameraMove::PanLeft, 1.0));
        QVERIFY(offsetOfCentre(left, 0)[0] > 0 && offsetOfCentre(left, 15)[0] < 0);
        const CameraPath up(specFor(CameraMove::PanUp, 1.0));
        QVERIFY(offsetOfCentre(up, 0)[1] > 0 && offsetOfCentre(up, 15)[1] < 0);
        // tilt-up looks higher at the end.
        const CameraPath tilt(specFor(CameraMove::TiltUp, 1.0));
        QVERIFY(offsetOfCentre(tilt, 15)[1] < offsetOfCentre(tilt, 0)[1]);
        QVERIFY(!tilt.projective(15).isAffine());
        // rotate-cw: content turns clockwise on screen, so the window turns counter-clockwise over the
        // canvas: the screen's rightward direction points up-right in the canvas (y down).
        const CameraPath cw(specFor(CameraMove::RotateCw, 1.0));
        QVERIFY(cw.pose(15).rollRad < 0);
        const auto a = cw.map(15, 256 + 100, 256);
        const auto b = cw.map(15, 256, 256);
        QVERIFY(a[1] < b[1] && a[0] > b[0]);
        // dolly-in magnifies the centre more than the corners.
        const CameraPath dolly(specFor(CameraMove::DollyIn, 1.0));
        QVERIFY(dolly.pose(15).radial > 0 && dolly.pose(0).radial == 0);
        const double centreScale = (dolly.map(15, 266, 256)[0] - dolly.map(15, 246, 256)[0]) / 20;
        const double edgeScale = (dolly.map(15, 512, 256)[0] - dolly.map(15, 492, 256)[0]) / 20;
        QVERIFY(centreScale < edgeScale);
    }

    void handheldIsSeeded()
    {
        PathSpec s = specFor(CameraMove::Handheld, 1.0);
        s.seed = 42;
        const CameraPath a(s), b(s);
        s.seed = 43;
        const CameraPath c(s);
        bool differs = false;
        for (int f = 0; f < 16; ++f) {
            QCOMPARE(a.pose(f).offsetX, b.pose(f).offsetX);
            QCOMPARE(a.pose(f).rollRad, b.pose(f).rollRad);
            differs = differs || a.pose(f).offsetX != c.pose(f).offsetX;
        }
        QVERIFY(differs);
        // Smooth: frame-to-frame steps are a small fraction of the drift.
        double maxStep = 0, range = 0;
        for (int f = 1; f < 16; ++f) {
            maxStep = std::max(maxStep, std::abs(a.pose(f).offsetX - a.pose(f - 1).offsetX));
            range = std::max(range, std::abs(a.pose(f).offsetX));
        }
        QVERIFY(range > 0.5);
        QVERIFY(maxStep < 5.0);
    }

    void rejectsBadSpecs()
    {
        PathSpec s = specFor(CameraMove::ZoomIn, 1.0);
        s.frames = 0;
        QVERIFY_THROWS_EXCEPTION(I2vError, CameraPath{s});
        s = specFor(CameraMove::ZoomIn, 3.5);
        QVERIFY_THROWS_EXCEPTION(I2vError, CameraPath{s});
    }

    void promptKeywords_data()
    {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QString>("expected"); // empty = no match
        QTest::newRow("zooming in") << "camera slowly zooming in on the face" << "zoom-in";
        QTest::newRow("push in") << "Push in on the old lighthouse" << "zoom-in";
        QTest::newRow("zoom out") << "ZOOM OUT to reveal the valley" << "zoom-out";
        QTest::newRow("zoom-out hyphen") << "a zoom-out shot" << "zoom-out";
        QTest::newRow("pan left") << "pan left across the city" << "pan-left";
        QTest::newRow("pans to the left") << "the camera pans slowly to the left" << "pan-left";
        QTest::newRow("pan right") << "panning right over the beach" << "pan-right";
        QTest::newRow("pan up") << "pan up the skyscraper" << "pan-up";
        QTest::newRow("tilt down") << "tilt down to the street" << "tilt-down";
        QTest::newRow("tilt") << "a slow tilt over the mountains" << "tilt-up";
        QTest::newRow("orbit") << "orbit around the statue" << "orbit-right";
        QTest::newRow("orbit left") << "orbiting left around the car" << "orbit-left";
        QTest::newRow("ccw") << "rotating counter-clockwise" << "rotate-ccw";
        QTest::newRow("rotate") << "the scene rotates" << "rotate-cw";
        QTest::newRow("dolly") << "dolly in towards the door" << "dolly-in";
        QTest::newRow("pull back") << "pulling back from the table" << "dolly-out";
        QTest::newRow("handheld") << "handheld documentary look" << "handheld";
        QTest::newRow("static") << "static shot of a bowl of fruit" << "static";
        QTest::newRow("walk forward") << "a man walking forward into the forest" << "dolly-in";
        QTest::newRow("waves") << "waves crash on the rocks" << "handheld";
        QTest::newRow("wind") << "grass in the wind" << "handheld";
        QTest::newRow("earliest wins") << "zoom out, then pan left" << "zoom-out";
        QTest::newRow("camera beats cue") << "waves on the shore, pan right" << "pan-right";
        QTest::newRow("word boundary") << "a panorama of japan" << "";
        QTest::newRow("no cue") << "a red apple on a table" << "";
        QTest::newRow("zh push") << QString::fromUtf8("镜头缓慢推近人物的脸") << "zoom-in";
        QTest::newRow("zh pull near") << QString::fromUtf8("拉近到花朵") << "zoom-in";
        QTest::newRow("zh enlarge") << QString::fromUtf8("慢慢放大") << "zoom-in";
        QTest::newRow("zh pull far") << QString::fromUtf8("镜头拉远，展示全景") << "zoom-out";
        QTest::newRow("zh shrink") << QString::fromUtf8("画面缩小") << "zoom-out";
        QTest::newRow("zh pan left") << QString::fromUtf8("镜头向左平移") << "pan-left";
        QTest::newRow("zh left move") << QString::fromUtf8("镜头左移") << "pan-left";
        QTest::newRow("zh pan right") << QString::fromUtf8("向右平移穿过街道") << "pan-right";
        QTest::newRow("zh orbit") << QString::fromUtf8("围绕雕像环绕拍摄") << "orbit-right";
        QTest::newRow("zh rotate") << QString::fromUtf8("画面缓慢旋转") << "rotate-cw";
        QTest::newRow("zh ccw") << QString::fromUtf8("逆时针旋转") << "rotate-ccw";
        QTest::newRow("zh handheld") << QString::fromUtf8("手持拍摄的街头") << "handheld";
        QTest::newRow("zh walk") << QString::fromUtf8("一个人走向远方") << "dolly-in";
        QTest::newRow("zh breeze") << QString::fromUtf8("微风吹过麦田") << "handheld";
        QTest::newRow("zh sway") << QString::fromUtf8("树枝左右摇摆") << "handheld";
        QTest::newRow("zh tilt up") << QString::fromUtf8("镜头上摇到天空") << "tilt-up";
        QTest::newRow("mixed") << QString::fromUtf8("一只猫, zoom out slowly") << "zoom-out";
        QTest::newRow("zh landscape is not wind") << QString::fromUtf8("美丽的风景") << "";
    }

    void promptKeywords()
    {
        QFETCH(QString, prompt);
        QFETCH(QString, expected);
        const auto m = motionFromPrompt(prompt.toStdString());
        if (expected.isEmpty()) {
            QVERIFY2(!m, m ? cameraMoveName(m->move).c_str() : "");
            return;
        }
        QVERIFY(m.has_value());
        QCOMPARE(QString::fromStdString(cameraMoveName(m->move)), expected);
        QVERIFY(!m->phrase.empty());
    }

    void resolveMotionOrder()
    {
        QCOMPARE(resolveMotion("pan-left", "zoom in").move, CameraMove::PanLeft);
        QCOMPARE(resolveMotion("pan-left", "zoom in").source, std::string("parameter"));
        QCOMPARE(resolveMotion("auto", "zoom out").move, CameraMove::ZoomOut);
        QCOMPARE(resolveMotion("", "zoom out").phrase, std::string("zoom out"));
        QCOMPARE(resolveMotion("", "a cat").move, CameraMove::ZoomIn);
        QCOMPARE(resolveMotion("", "a cat").source, std::string("default"));
        QVERIFY_THROWS_EXCEPTION(I2vError, resolveMotion("sideways", ""));
        QCOMPARE(resolveEasing(""), Easing::EaseInOut);
        QVERIFY_THROWS_EXCEPTION(I2vError, resolveEasing("bounce"));
    }
};

QTEST_GUILESS_MAIN(TestCameraPath)
#include "test_camera_path.moc"
