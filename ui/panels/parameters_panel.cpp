#include "ui/panels/parameters_panel.h"

#include "core/engine/api/model_family.h"
#include "core/base/error.h"
#include "core/request/request_fields.h"
#include "ui/param_texts.h"
#include "ui/widgets/model_selector.h"
#include "ui/style.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <climits>
#include <cmath>

namespace i2v {
namespace ui {
namespace {

constexpr int kMaxSeed = INT_MAX;

// Slider positions are integer indices over the values the schema allows: value = lowestAllowed + index *
// formStep (core/engine/api/params.h), so constraints such as "a multiple of 8" come from the schema alone.
int sliderSteps(const ParamSpec& s)
{
    return std::max(1, static_cast<int>(std::lround((highestAllowed(s) - lowestAllowed(s)) / formStep(s))));
}

int sliderIndex(const ParamSpec& s, double value)
{
    return static_cast<int>(std::lround((value - lowestAllowed(s)) / formStep(s)));
}

double snap(const ParamSpec& s, double v) { return snapToSchema(s, v); }

// One schema value into / out of the request field of the same name (core/request/request_fields.h).
// Names without a request field are ignored.
void writeRequestValue(GenerationRequest& r, const std::string& name, const QVariant& v)
{
    const RequestField* f = findRequestField(name);
    if (f && f->isNumeric())
        setRequestNumber(r, name, v.toDouble());
    else if (f)
        setRequestText(r, name, v.toString().toStdString());
}

QVariant readRequestValue(const GenerationRequest& r, const std::string& name)
{
    if (const auto number = requestNumber(r, name))
        return findRequestField(name)->type == FieldType::Int ? QVariant(static_cast<int>(*number)) : QVariant(*number);
    if (const auto text = requestText(r, name))
        return QString::fromStdString(*text);
    return {};
}

QString choiceLabel(const QString& choice)
{
    if (choice == QLatin1String("auto"))
        return ParametersPanel::tr("Automatic");
    if (choice == QLatin1String("cpu"))
        return ParametersPanel::tr("Processor (CPU)");
    if (choice == QLatin1String("cuda"))
        return ParametersPanel::tr("Graphics card (CUDA)");
    if (choice.startsWith(QLatin1String("cuda:")))
        return ParametersPanel::tr("Graphics card %1 (CUDA)").arg(choice.mid(5));
    return choice;
}

// The field's fixed choices; a pattern choice ("cuda:N") is added when a value needs it (selectChoice).
void fillChoices(QComboBox* combo, const RequestField& field)
{
    for (const std::string& c : fieldChoices(field))
        if (c.find(":N") == std::string::npos)
            combo->addItem(choiceLabel(QString::fromStdString(c)), QString::fromStdString(c));
}

void selectChoice(QComboBox* combo, const RequestField& field, const QString& value)
{
    int index = combo->findData(value);
    if (index < 0) {
        try {
            checkFixedRange(field, value.toStdString(), field.name);
        } catch (const I2vError&) {
            return;
        }
        combo->addItem(choiceLabel(value), value);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(index);
}

struct Preset {
    int width;
    int height;
    const char* label;
};

} // namespace

ParametersPanel::ParametersPanel(QWidget* parent)
    : QWidget(parent), m_models(new ModelSelector(this)), m_device(new QComboBox(this)), m_dtype(new QComboBox(this)),
      m_formHost(new QWidget(this)), m_seedRow(new QWidget(this)),
      m_seed(new QSpinBox(m_seedRow)), m_seedLock(new QToolButton(m_seedRow)), m_seedRandom(new QToolButton(m_seedRow)),
      m_reset(new QPushButton(this))
{
    auto* engineRow = new QFormLayout;
    engineRow->addRow(tr("Engine"), m_models);
    fillChoices(m_device, *findRequestField("device"));
    m_device->setObjectName(QStringLiteral("deviceCombo"));
    m_device->setToolTip(tr("Where the engine runs. Automatic uses the graphics card when there is one."));
    engineRow->addRow(tr("Device"), m_device);
    fillChoices(m_dtype, *findRequestField("dtype"));
    m_dtype->setObjectName(QStringLiteral("dtypeCombo"));
    m_dtype->setToolTip(tr("Number precision of the model. Automatic: half precision on a graphics card, full "
                           "precision on the processor. Lower precision needs less memory."));
    engineRow->addRow(tr("Precision"), m_dtype);

    m_seed->setRange(0, kMaxSeed);
    m_seed->setToolTip(tr("The same seed and settings give the same clip."));
    m_seed->setObjectName(QStringLiteral("seedSpin"));
    m_seedLock->setCheckable(true);
    m_seedLock->setIcon(themedIcon(QStringLiteral("lock")));
    m_seedLock->setToolTip(tr("Keep this seed for every run (otherwise a new seed is drawn each time)"));
    m_seedLock->setObjectName(QStringLiteral("seedLock"));
    m_seedRandom->setIcon(themedIcon(QStringLiteral("dice")));
    m_seedRandom->setToolTip(tr("Draw a new random seed"));
    m_seedRandom->setObjectName(QStringLiteral("seedRandom"));
    auto* seedRow = new QHBoxLayout(m_seedRow);
    seedRow->setContentsMargins(0, 0, 0, 0);
    seedRow->addWidget(m_seed, 1);
    seedRow->addWidget(m_seedLock);
    seedRow->addWidget(m_seedRandom);

    m_reset->setText(tr("Reset to defaults"));
    m_reset->setObjectName(QStringLiteral("resetDefaults"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(8);
    layout->addLayout(engineRow);
    layout->addWidget(m_formHost);
    layout->addWidget(m_reset, 0, Qt::AlignRight);
    layout->addStretch(1);

    connect(m_models, &ModelSelector::modelChanged, this, [this] {
        setFamily(m_models->currentFamily());
        emit valuesChanged();
    });
    connect(m_seedRandom, &QToolButton::clicked, this, [this] { m_seed->setValue(QRandomGenerator::global()->bounded(kMaxSeed)); });
    connect(m_seed, &QSpinBox::valueChanged, this, &ParametersPanel::valuesChanged);
    connect(m_reset, &QPushButton::clicked, this, &ParametersPanel::resetToDefaults);
    for (QComboBox* combo : {m_device, m_dtype})
        connect(combo, &QComboBox::currentIndexChanged, this, &ParametersPanel::valuesChanged);

    m_models->populateBuiltIn(); // model folders are found later (MainWindow) or added
    m_family = m_models->currentFamily();
    rebuildForm();
}

void ParametersPanel::setFamily(const ModelFamily* family)
{
    if (family == m_family)
        return;
    const QVariantMap keep = values();
    m_family = family;
    rebuildForm();
    setValues(keep);
    emit familyChanged();
}

QString ParametersPanel::modelFolder() const { return m_models->currentFolder(); }
int ParametersPanel::promptTokenLimit() const { return m_family ? m_family->promptTokenLimit() : 0; }

void ParametersPanel::rebuildForm()
{
    m_seedRow->setParent(this); // survives the rebuild
    delete m_formHost->layout();
    qDeleteAll(m_formHost->findChildren<QWidget*>(Qt::FindDirectChildrenOnly));
    m_fields.clear();
    m_presets = nullptr;
    m_form = new QFormLayout(m_formHost);
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setHorizontalSpacing(12);
    m_form->setVerticalSpacing(8);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    if (!m_family) {
        m_form->addRow(tr("Seed"), m_seedRow);
        m_seedRow->show();
        return;
    }
    const std::vector<ParamSpec> specs = m_family->parameters();
    const bool hasSize = std::any_of(specs.begin(), specs.end(), [](const ParamSpec& s) { return s.name == "width"; }) &&
                         std::any_of(specs.begin(), specs.end(), [](const ParamSpec& s) { return s.name == "height"; });
    if (hasSize)
        addResolutionPresets();
    for (const ParamSpec& spec : specs) {
        if (spec.name == "seed")
            continue; // the seed row is fixed (lock + randomise)
        switch (spec.kind) {
        case ParamKind::Int:
        case ParamKind::Float: addNumberRow(spec); break;
        case ParamKind::Choice: addChoiceRow(spec); break;
        case ParamKind::Bool: addBoolRow(spec); break;
        }
    }
    m_form->addRow(tr("Seed"), m_seedRow);
    m_seedRow->show();
    syncPresetToSize();
}

void ParametersPanel::addNumberRow(const ParamSpec& spec)
{
    auto* row = new QWidget(m_formHost);
    auto* h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    auto* slider = new QSlider(Qt::Horizontal, row);
    slider->setRange(0, sliderSteps(spec));
    slider->setObjectName(QString::fromStdString("slider_" + spec.name));
    QAbstractSpinBox* spinBase = nullptr;
    std::function<double()> spinValue;
    std::function<void(double)> setSpin;
    if (spec.kind == ParamKind::Int) {
        auto* spin = new QSpinBox(row);
        spin->setRange(static_cast<int>(lowestAllowed(spec)), static_cast<int>(highestAllowed(spec)));
        spin->setSingleStep(static_cast<int>(formStep(spec)));
        spin->setKeyboardTracking(false);
        spin->setObjectName(QString::fromStdString("spin_" + spec.name));
        spinBase = spin;
        spinValue = [spin] { return double(spin->value()); };
        setSpin = [spin](double v) { spin->setValue(static_cast<int>(std::lround(v))); };
        connect(spin, &QSpinBox::valueChanged, this, [this, spec, spin, slider](int v) {
            const double s = snap(spec, v);
            if (s != v) { // enforce the required multiple
                spin->setValue(static_cast<int>(s));
                return;
            }
            QSignalBlocker b(slider);
            slider->setValue(sliderIndex(spec, s));
            if (spec.name == "width" || spec.name == "height") // the resolution presets follow the size
                syncPresetToSize();
            if (!m_updating)
                emit valuesChanged();
        });
    } else {
        auto* spin = new QDoubleSpinBox(row);
        const double step = formStep(spec);
        const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 4);
        spin->setDecimals(decimals);
        spin->setRange(spec.minValue, spec.maxValue);
        spin->setSingleStep(step);
        spin->setKeyboardTracking(false);
        spin->setObjectName(QString::fromStdString("spin_" + spec.name));
        spinBase = spin;
        spinValue = [spin] { return spin->value(); };
        setSpin = [spin](double v) { spin->setValue(v); };
        connect(spin, &QDoubleSpinBox::valueChanged, this, [this, spec, slider](double v) {
            QSignalBlocker b(slider);
            slider->setValue(sliderIndex(spec, v));
            if (!m_updating)
                emit valuesChanged();
        });
    }
    spinBase->setMinimumWidth(80);
    spinBase->setAlignment(Qt::AlignRight);
    connect(slider, &QSlider::valueChanged, this,
            [setSpin, spec](int i) { setSpin(snap(spec, lowestAllowed(spec) + i * formStep(spec))); });
    h->addWidget(slider, 1);
    h->addWidget(spinBase);
    setSpin(snap(spec, spec.defaultValue));
    slider->setValue(sliderIndex(spec, snap(spec, spec.defaultValue)));

    auto* label = new QLabel(ParamTexts::label(spec), m_formHost);
    label->setToolTip(ParamTexts::tooltip(spec));
    row->setToolTip(ParamTexts::tooltip(spec));
    m_form->addRow(label, row);
    m_fields.push_back({spec, [spinValue, spec]() -> QVariant {
                            return spec.kind == ParamKind::Int ? QVariant(static_cast<int>(std::lround(spinValue())))
                                                               : QVariant(spinValue());
                        },
                        [setSpin, spec](const QVariant& v) {
                            bool ok = false;
                            const double d = v.toDouble(&ok);
                            if (ok)
                                setSpin(snap(spec, d));
                        }});
}

void ParametersPanel::addChoiceRow(const ParamSpec& spec)
{
    auto* combo = new QComboBox(m_formHost);
    combo->setObjectName(QString::fromStdString("choice_" + spec.name));
    for (const std::string& value : spec.choices)
        combo->addItem(ParamTexts::choice(spec.name, value), QString::fromStdString(value));
    combo->setCurrentIndex(std::clamp(static_cast<int>(spec.defaultValue), 0, std::max(0, combo->count() - 1)));
    combo->setToolTip(ParamTexts::tooltip(spec));
    connect(combo, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_updating)
            emit valuesChanged();
    });
    m_form->addRow(ParamTexts::label(spec), combo);
    m_fields.push_back({spec, [combo]() -> QVariant { return combo->currentData().toString(); },
                        [combo](const QVariant& v) {
                            const int index = combo->findData(v.toString());
                            if (index >= 0)
                                combo->setCurrentIndex(index);
                        }});
}

void ParametersPanel::addBoolRow(const ParamSpec& spec)
{
    auto* box = new QCheckBox(ParamTexts::label(spec), m_formHost);
    box->setObjectName(QString::fromStdString("flag_" + spec.name));
    box->setChecked(spec.defaultValue != 0);
    box->setToolTip(ParamTexts::tooltip(spec));
    connect(box, &QCheckBox::toggled, this, [this] {
        if (!m_updating)
            emit valuesChanged();
    });
    m_form->addRow(QString(), box);
    m_fields.push_back({spec, [box]() -> QVariant { return box->isChecked(); },
                        [box](const QVariant& v) { box->setChecked(v.toBool()); }});
}

void ParametersPanel::addResolutionPresets()
{
    m_presets = new QComboBox(m_formHost);
    m_presets->setObjectName(QStringLiteral("resolutionPresets"));
    m_form->addRow(tr("Size"), m_presets);
    connect(m_presets, &QComboBox::activated, this, &ParametersPanel::applyPreset);
}

void ParametersPanel::applyPreset(int index)
{
    const QSize size = m_presets->itemData(index).toSize();
    if (!size.isValid())
        return; // "Custom": the width/height fields are free
    const Field* w = field("width");
    const Field* h = field("height");
    if (!w || !h)
        return;
    w->set(size.width());
    h->set(size.height());
}

void ParametersPanel::syncPresetToSize()
{
    const Field* w = field("width");
    const Field* h = field("height");
    if (!m_presets || !w || !h)
        return;
    static const Preset kPresets[] = {
        {256, 256, QT_TR_NOOP("Square")},    {512, 512, QT_TR_NOOP("Square")},    {768, 768, QT_TR_NOOP("Square")},
        {768, 432, QT_TR_NOOP("Landscape 16:9")}, {1024, 576, QT_TR_NOOP("Landscape 16:9")},
        {432, 768, QT_TR_NOOP("Portrait 9:16")},  {576, 1024, QT_TR_NOOP("Portrait 9:16")},
        {640, 480, QT_TR_NOOP("Classic 4:3")},
    };
    QSignalBlocker block(m_presets);
    m_presets->clear();
    auto fits = [&](int width, int height) {
        return snap(w->spec, width) == width && snap(h->spec, height) == height;
    };
    for (const Preset& p : kPresets)
        if (fits(p.width, p.height))
            m_presets->addItem(QStringLiteral("%1  %2 × %3").arg(tr(p.label)).arg(p.width).arg(p.height), QSize(p.width, p.height));
    if (m_imageWidth > 0 && m_imageHeight > 0) {
        // Keep the image's aspect at about the default pixel count, snapped to the required multiples.
        const double area = w->spec.defaultValue * h->spec.defaultValue;
        const double aspect = double(m_imageWidth) / m_imageHeight;
        const int mw = static_cast<int>(snap(w->spec, std::sqrt(area * aspect)));
        const int mh = static_cast<int>(snap(h->spec, std::sqrt(area / aspect)));
        m_presets->addItem(tr("Match image  %1 × %2").arg(mw).arg(mh), QSize(mw, mh));
    }
    m_presets->addItem(tr("Custom"), QSize());
    const QSize now(w->get().toInt(), h->get().toInt());
    int index = m_presets->findData(now);
    m_presets->setCurrentIndex(index >= 0 ? index : m_presets->count() - 1);
}

void ParametersPanel::setImageSize(int width, int height)
{
    m_imageWidth = width;
    m_imageHeight = height;
    syncPresetToSize();
}

const ParametersPanel::Field* ParametersPanel::field(const std::string& name) const
{
    for (const Field& f : m_fields)
        if (f.spec.name == name)
            return &f;
    return nullptr;
}

QVariantMap ParametersPanel::values() const
{
    QVariantMap out;
    for (const Field& f : m_fields)
        out.insert(QString::fromStdString(f.spec.name), f.get());
    return out;
}

void ParametersPanel::setValues(const QVariantMap& values)
{
    m_updating = true;
    for (const Field& f : m_fields) {
        const auto it = values.constFind(QString::fromStdString(f.spec.name));
        if (it != values.constEnd())
            f.set(*it);
    }
    m_updating = false;
    syncPresetToSize();
    emit valuesChanged();
}

void ParametersPanel::resetToDefaults()
{
    m_updating = true;
    for (const Field& f : m_fields) {
        if (f.spec.kind == ParamKind::Choice)
            f.set(f.spec.choices.empty() ? QString()
                                         : QString::fromStdString(f.spec.choices[std::clamp<std::size_t>(
                                               static_cast<std::size_t>(f.spec.defaultValue), 0, f.spec.choices.size() - 1)]));
        else if (f.spec.kind == ParamKind::Bool)
            f.set(f.spec.defaultValue != 0);
        else
            f.set(f.spec.defaultValue);
    }
    m_updating = false;
    syncPresetToSize();
    emit valuesChanged();
}

void ParametersPanel::applyTo(GenerationRequest& request) const
{
    if (m_family)
        request.family = m_family->id();
    request.modelDir = modelFolder().toStdString();
    for (const Field& f : m_fields)
        writeRequestValue(request, f.spec.name, f.get());
    request.seed = seed();
    request.device = device().toStdString();
    request.dtype = dtype().toStdString();
}

void ParametersPanel::setFromRequest(const GenerationRequest& request)
{
    const QString key = request.modelDir.empty() ? QStringLiteral("family:") + QString::fromStdString(request.family)
                                                 : QStringLiteral("folder:") + QString::fromStdString(request.modelDir);
    if (!m_models->selectKey(key) && !request.modelDir.empty())
        m_models->addFolder(QString::fromStdString(request.modelDir));
    QVariantMap map;
    for (const Field& f : m_fields) {
        const QVariant v = readRequestValue(request, f.spec.name);
        if (v.isValid())
            map.insert(QString::fromStdString(f.spec.name), v);
    }
    setValues(map);
    setSeed(request.seed);
    setDevice(QString::fromStdString(request.device));
    setDtype(QString::fromStdString(request.dtype));
}

QString ParametersPanel::device() const { return m_device->currentData().toString(); }
void ParametersPanel::setDevice(const QString& device) { selectChoice(m_device, *findRequestField("device"), device); }
QString ParametersPanel::dtype() const { return m_dtype->currentData().toString(); }
void ParametersPanel::setDtype(const QString& dtype) { selectChoice(m_dtype, *findRequestField("dtype"), dtype); }

qint64 ParametersPanel::seed() const { return m_seed->value(); }
void ParametersPanel::setSeed(qint64 seed) { m_seed->setValue(static_cast<int>(std::clamp<qint64>(seed, 0, kMaxSeed))); }
bool ParametersPanel::seedLocked() const { return m_seedLock->isChecked(); }
void ParametersPanel::setSeedLocked(bool locked) { m_seedLock->setChecked(locked); }

qint64 ParametersPanel::seedForNextRun()
{
    if (!seedLocked())
        m_seed->setValue(QRandomGenerator::global()->bounded(kMaxSeed));
    return seed();
}

} // namespace ui
} // namespace i2v
