// The parameters form follows the schema's constraints (core/engine/api/params.h) and nothing else: sizes
// snap to the family's required multiple (8 for I2VGen-XL, 2 for camera motion, 16 for the fake test engine),
// typed and slid values land on it, and what the form produces passes request validation, which derives its
// refusals from the same schema.
#include "core/engine/api/registry.h"
#include "tests/service/fake_family.h"
#include "ui/i18n.h"
#include "ui/panels/parameters_panel.h"

#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTest>

using namespace i2v;
using namespace i2v::ui;

namespace {

const ParamSpec& specOf(const std::vector<ParamSpec>& specs, const std::string& name)
{
    for (const ParamSpec& p : specs)
        if (p.name == name)
            return p;
    throw std::runtime_error("no parameter " + name);
}

// The form's request, with an image, through the engine's validation.
void validateForm(const ParametersPanel& panel)
{
    GenerationRequest r;
    panel.applyTo(r);
    r.image = Image(4, 4);
    validateRequest(*panel.family(), r);
}

} // namespace

class TestParametersPanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { initResources(); }

    void sizesSnapToEachRealFamilysMultiple()
    {
        for (const ModelFamily* family : modelFamilies()) {
            const std::vector<ParamSpec> specs = family->parameters();
            const ParamSpec& width = specOf(specs, "width");
            QVERIFY2(width.multipleOf > 1, family->id().c_str());
            ParametersPanel panel;
            panel.setFamily(family);
            QCOMPARE(panel.family(), family);
            auto* spin = panel.findChild<QSpinBox*>("spin_width");
            QVERIFY(spin);
            QCOMPARE(spin->singleStep(), width.multipleOf);

            const int off = static_cast<int>(width.defaultValue) + (width.multipleOf + 1) / 2; // nearer the next
            QVariantMap v = panel.values();
            v.insert("width", off);
            panel.setValues(v);
            const int got = panel.values().value("width").toInt();
            QCOMPARE(got % width.multipleOf, 0);
            QCOMPARE(got, static_cast<int>(width.defaultValue) + width.multipleOf);
            validateForm(panel);

            spin->setValue(off); // typed: the spin box itself moves to the multiple
            QCOMPARE(spin->value() % width.multipleOf, 0);
            validateForm(panel);

            // The same off-multiple value in a request is refused, with the schema's reason.
            GenerationRequest r;
            panel.applyTo(r);
            r.image = Image(4, 4);
            r.width = off;
            QVERIFY_THROWS_EXCEPTION(I2vError, validateRequest(*family, r));
        }
    }

    void aFakeFamilysMultipleIsHonouredByFormAndValidation()
    {
        test::FakeScript script;
        const test::FakeFamily fake(script);
        const std::vector<ParamSpec> specs = fake.parameters();
        QCOMPARE(specOf(specs, "width").multipleOf, 16); // not the real engines' 8 or 2

        ParametersPanel panel;
        panel.setFamily(&fake);
        QSignalSpy changed(&panel, &ParametersPanel::valuesChanged);
        auto* spin = panel.findChild<QSpinBox*>("spin_width");
        auto* slider = panel.findChild<QSlider*>("slider_width");
        QVERIFY(spin && slider);
        QCOMPARE(spin->singleStep(), 16);
        QCOMPARE(spin->minimum(), 16);
        QCOMPARE(spin->maximum(), 512);
        QCOMPARE(slider->maximum(), (512 - 16) / 16);

        spin->setValue(72); // a multiple of 8, not of 16: the form moves it to the nearest multiple of 16
        QCOMPARE(spin->value(), 80);
        QCOMPARE(slider->value(), (80 - 16) / 16);
        QVERIFY(changed.count() > 0);
        slider->setValue(3);
        QCOMPARE(spin->value(), 64);
        QVariantMap v = panel.values();
        v.insert("height", 40);
        panel.setValues(v);
        QCOMPARE(panel.values().value("height").toInt() % 16, 0);
        validateForm(panel);

        GenerationRequest r;
        panel.applyTo(r);
        QCOMPARE(r.family, std::string("fake"));
        QCOMPARE(r.width, 64);
        r.image = Image(4, 4);
        r.width = 72;
        try {
            validateRequest(fake, r);
            QFAIL("width 72 was accepted by the fake engine's schema");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::InvalidArgument);
            QCOMPARE(std::string(e.what()), std::string("width = 72 must be a multiple of 16 (the test engine's blocks)"));
        }

        // Back to a real engine: the kept width is re-snapped to its multiple.
        const ModelFamily* real = modelFamilies().front();
        QVERIFY(real);
        panel.setFamily(real);
        QCOMPARE(panel.values().value("width").toInt() % specOf(real->parameters(), "width").multipleOf, 0);
        validateForm(panel);
    }
};

QTEST_MAIN(TestParametersPanel)
#include "test_parameters_panel.moc"
