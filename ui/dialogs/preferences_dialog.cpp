#include "ui/dialogs/preferences_dialog.h"

#include "core/service/cost.h"
#include "ui/app_settings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace i2v {
namespace ui {
namespace {

QDoubleSpinBox* spin(QWidget* parent, double max, int decimals, const QString& suffix)
{
    auto* s = new QDoubleSpinBox(parent);
    s->setRange(0, max);
    s->setDecimals(decimals);
    s->setSuffix(suffix);
    return s;
}

} // namespace

PreferencesDialog::PreferencesDialog(AppSettings* settings, QWidget* parent)
    : QDialog(parent), m_settings(settings), m_mode(new QComboBox(this)), m_pages(new QStackedWidget(this)),
      m_perHour(spin(this, 100000, 2, QString())), m_watts(spin(this, 100000, 0, tr(" W"))),
      m_perKwh(spin(this, 1000, 3, QString())), m_currency(new QLineEdit(this)), m_example(new QLabel(this)),
      m_team(new QLineEdit(this)), m_idleUnload(new QSpinBox(this)), m_lowVram(new QCheckBox(this)),
      m_theme(new QComboBox(this)), m_scorer(new QLineEdit(this))
{
    setObjectName(QStringLiteral("preferencesDialog"));
    setWindowTitle(tr("Preferences"));
    m_mode->addItem(tr("Do not show costs"));
    m_mode->addItem(tr("Price per GPU-hour"));
    m_mode->addItem(tr("Power draw × electricity price"));
    m_currency->setMaxLength(8);
    m_currency->setToolTip(tr("A currency code such as CNY, USD or EUR, or any short text"));
    m_example->setObjectName(QStringLiteral("costExample"));
    m_example->setWordWrap(true);

    auto* none = new QLabel(tr("The history shows the time of each clip only."), this);
    none->setWordWrap(true);
    auto* hourPage = new QWidget(this);
    auto* hourForm = new QFormLayout(hourPage);
    hourForm->addRow(tr("Price per GPU-hour:"), m_perHour);
    auto* powerPage = new QWidget(this);
    auto* powerForm = new QFormLayout(powerPage);
    powerForm->addRow(tr("Power draw while generating:"), m_watts);
    powerForm->addRow(tr("Electricity price per kWh:"), m_perKwh);
    m_pages->addWidget(none);
    m_pages->addWidget(hourPage);
    m_pages->addWidget(powerPage);

    auto* costBox = new QGroupBox(tr("Cost per clip"), this);
    auto* costForm = new QFormLayout(costBox);
    costForm->addRow(tr("Machine cost:"), m_mode);
    costForm->addRow(m_pages);
    costForm->addRow(tr("Currency:"), m_currency);
    costForm->addRow(m_example);

    auto* browse = new QPushButton(tr("Choose…"), this);
    auto* teamRow = new QHBoxLayout;
    teamRow->addWidget(m_team, 1);
    teamRow->addWidget(browse);
    m_team->setPlaceholderText(tr("None"));
    auto* teamBox = new QGroupBox(tr("Team templates"), this);
    auto* teamLayout = new QVBoxLayout(teamBox);
    auto* teamHelp = new QLabel(tr("A shared folder (for example on a network drive) with template files. Its "
                                   "templates are listed as team templates and cannot be changed here."),
                                this);
    teamHelp->setWordWrap(true);
    teamLayout->addWidget(teamHelp);
    teamLayout->addLayout(teamRow);

    m_idleUnload->setObjectName(QStringLiteral("idleUnloadMinutes"));
    m_idleUnload->setRange(0, 24 * 60);
    m_idleUnload->setSuffix(tr(" min"));
    m_idleUnload->setSpecialValueText(tr("Never"));
    m_idleUnload->setToolTip(tr("The model stays loaded between clips so the next one starts at once. It is "
                                "unloaded after this long without a clip (or with Settings → Unload model)."));
    m_lowVram->setObjectName(QStringLiteral("lowVram"));
    m_lowVram->setText(tr("Low-VRAM mode: keep the text and image encoders in system RAM"));
    m_lowVram->setToolTip(tr("For graphics cards with little memory: the encoders are moved to the GPU only "
                             "while they run. Slightly slower; the clips are the same. Applies to the next "
                             "model load."));
    auto* memoryBox = new QGroupBox(tr("GPU memory"), this);
    auto* memoryForm = new QFormLayout(memoryBox);
    memoryForm->addRow(tr("Unload the model when idle for:"), m_idleUnload);
    memoryForm->addRow(m_lowVram);

    m_theme->setObjectName(QStringLiteral("themeCombo"));
    m_theme->addItem(tr("Follow the system"), QStringLiteral("system"));
    m_theme->addItem(tr("Dark"), QStringLiteral("dark"));
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->setToolTip(tr("The colours of I2V Studio. Following the system uses dark colours when your desktop "
                           "does."));
    auto* lookBox = new QGroupBox(tr("Appearance"), this);
    auto* lookForm = new QFormLayout(lookBox);
    lookForm->addRow(tr("Colours:"), m_theme);
    m_scorer->setObjectName(QStringLiteral("scorerModel"));
    m_scorer->setPlaceholderText(tr("a CLIP model in the Hugging Face cache"));
    m_scorer->setToolTip(tr("The CLIP model that scores variations: a folder or ORG/NAME, for example "
                            "openai/clip-vit-large-patch14"));
    auto* variationsBox = new QGroupBox(tr("Variations"), this);
    auto* variationsForm = new QFormLayout(variationsBox);
    variationsForm->addRow(tr("Scoring model:"), m_scorer);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(lookBox);
    layout->addWidget(costBox);
    layout->addWidget(teamBox);
    layout->addWidget(memoryBox);
    layout->addWidget(variationsBox);
    layout->addStretch(1);
    layout->addWidget(buttons);

    const CostSettings cost = m_settings->cost();
    m_mode->setCurrentIndex(static_cast<int>(cost.mode));
    m_pages->setCurrentIndex(static_cast<int>(cost.mode));
    m_perHour->setValue(cost.pricePerGpuHour);
    m_watts->setValue(cost.powerWatts);
    m_perKwh->setValue(cost.pricePerKwh);
    m_currency->setText(QString::fromStdString(cost.currency));
    m_team->setText(m_settings->teamTemplatesFolder());
    m_idleUnload->setValue(m_settings->modelIdleUnloadMinutes());
    m_lowVram->setChecked(m_settings->lowVramMode());
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(m_settings->theme())));
    m_scorer->setText(m_settings->scorerModel());

    connect(m_mode, &QComboBox::currentIndexChanged, m_pages, &QStackedWidget::setCurrentIndex);
    for (QDoubleSpinBox* s : {m_perHour, m_watts, m_perKwh})
        connect(s, &QDoubleSpinBox::valueChanged, this, &PreferencesDialog::updateExample);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &PreferencesDialog::updateExample);
    connect(m_currency, &QLineEdit::textChanged, this, &PreferencesDialog::updateExample);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose the team templates folder"), m_team->text());
        if (!dir.isEmpty())
            m_team->setText(dir);
    });
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        apply();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateExample();
}

void PreferencesDialog::updateExample()
{
    CostSettings c;
    c.mode = static_cast<CostSettings::Mode>(m_mode->currentIndex());
    c.pricePerGpuHour = m_perHour->value();
    c.powerWatts = m_watts->value();
    c.pricePerKwh = m_perKwh->value();
    c.currency = m_currency->text().trimmed().toStdString();
    m_example->setVisible(c.mode != CostSettings::Mode::None);
    m_example->setText(tr("A 1-minute clip costs %1.").arg(QString::fromStdString(formatCost(c, clipCost(c, 60)))));
}

void PreferencesDialog::apply()
{
    CostSettings c;
    c.mode = static_cast<CostSettings::Mode>(m_mode->currentIndex());
    c.pricePerGpuHour = m_perHour->value();
    c.powerWatts = m_watts->value();
    c.pricePerKwh = m_perKwh->value();
    c.currency = m_currency->text().trimmed().isEmpty() ? "CNY" : m_currency->text().trimmed().toStdString();
    m_settings->setCost(c);
    m_settings->setTeamTemplatesFolder(m_team->text().trimmed());
    m_settings->setModelIdleUnloadMinutes(m_idleUnload->value());
    m_settings->setLowVramMode(m_lowVram->isChecked());
    m_settings->setTheme(m_theme->currentData().toString());
    m_settings->setScorerModel(m_scorer->text());
    m_settings->sync();
}

} // namespace ui
} // namespace i2v
