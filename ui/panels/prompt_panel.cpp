#include "ui/panels/prompt_panel.h"

#include "core/base/error.h"
#include "core/engine/api/tokenize.h"
#include "core/service/prompt_templates.h"
#include "ui/dialogs/template_manager_dialog.h"
#include "ui/style.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QToolButton>
#include <QVBoxLayout>

namespace i2v {
namespace ui {

PromptPanel::PromptPanel(TemplateStore* store, const QString& locale, QWidget* parent)
    : QWidget(parent), m_store(store), m_locale(locale), m_templates(new QComboBox(this)), m_save(new QToolButton(this)),
      m_manage(new QToolButton(this)), m_prompt(new QPlainTextEdit(this)), m_negative(new QPlainTextEdit(this)),
      m_tokens(new QLabel(this))
{
    m_templates->setObjectName(QStringLiteral("templatePicker"));
    m_templates->setToolTip(tr("Start from a ready-made prompt with suggested settings"));
    m_templates->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_templates->setMinimumContentsLength(16);
    m_save->setIcon(themedIcon(QStringLiteral("bookmark")));
    m_save->setToolTip(tr("Save the prompt and settings as a template…"));
    m_save->setObjectName(QStringLiteral("saveTemplate"));
    m_manage->setIcon(themedIcon(QStringLiteral("manage")));
    m_manage->setToolTip(tr("Manage templates: rename, delete, import, export…"));
    m_manage->setObjectName(QStringLiteral("manageTemplates"));
    m_prompt->setObjectName(QStringLiteral("promptEdit"));
    m_prompt->setPlaceholderText(tr("Describe the motion, e.g. \"camera slowly zooming in on the face\""));
    m_prompt->setTabChangesFocus(true);
    m_negative->setObjectName(QStringLiteral("negativePromptEdit"));
    m_negative->setPlaceholderText(tr("What to avoid, e.g. \"blurry, distorted\""));
    m_negative->setTabChangesFocus(true);
    m_negative->setMaximumHeight(64);
    m_tokens->setObjectName(QStringLiteral("tokenCount"));
    m_tokens->setAlignment(Qt::AlignRight);

    auto* pickerRow = new QHBoxLayout;
    pickerRow->addWidget(new QLabel(tr("Template"), this));
    pickerRow->addWidget(m_templates, 1);
    pickerRow->addWidget(m_save);
    pickerRow->addWidget(m_manage);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(6);
    layout->addLayout(pickerRow);
    auto* promptLabel = new QLabel(tr("Prompt"), this);
    promptLabel->setObjectName(QStringLiteral("sectionLabel"));
    layout->addWidget(promptLabel);
    layout->addWidget(m_prompt, 2);
    layout->addWidget(m_tokens);
    auto* negativeLabel = new QLabel(tr("Negative prompt"), this);
    negativeLabel->setObjectName(QStringLiteral("sectionLabel"));
    layout->addWidget(negativeLabel);
    layout->addWidget(m_negative, 1);

    connect(m_templates, &QComboBox::activated, this, &PromptPanel::onTemplateActivated);
    connect(m_save, &QToolButton::clicked, this, &PromptPanel::saveAsTemplate);
    connect(m_manage, &QToolButton::clicked, this, &PromptPanel::manageTemplates);
    connect(m_prompt, &QPlainTextEdit::textChanged, this, [this] {
        updateTokenCount();
        emit promptChanged();
    });
    connect(m_negative, &QPlainTextEdit::textChanged, this, &PromptPanel::promptChanged);
    reloadTemplates();
    updateTokenCount();
}

QString PromptPanel::prompt() const { return m_prompt->toPlainText().trimmed(); }
void PromptPanel::setPrompt(const QString& text) { m_prompt->setPlainText(text); }
QString PromptPanel::negativePrompt() const { return m_negative->toPlainText().trimmed(); }
void PromptPanel::setNegativePrompt(const QString& text) { m_negative->setPlainText(text); }

void PromptPanel::setTokenLimit(int limit, const QString& tokenizerModel)
{
    m_tokenLimit = limit;
    m_tokenizerModel = tokenizerModel;
    updateTokenCount();
}

int PromptPanel::estimateTokens(const QString& text)
{
    int tokens = 0;
    static const QRegularExpression word(QStringLiteral("[A-Za-z0-9']+|[^\\sA-Za-z0-9']"));
    auto it = word.globalMatch(text);
    while (it.hasNext()) {
        const QString piece = it.next().captured();
        const QChar c = piece.at(0);
        if (c.script() == QChar::Script_Han || c.script() == QChar::Script_Hiragana ||
            c.script() == QChar::Script_Katakana || c.script() == QChar::Script_Hangul)
            tokens += 2; // byte-level BPE splits most CJK characters into about two tokens
        else if (piece.size() > 8)
            tokens += 2; // long words often split in two
        else
            tokens += 1;
    }
    return tokens;
}

QString PromptPanel::tokenCountText() const { return m_tokens->isHidden() ? QString() : m_tokens->text(); }

void PromptPanel::updateTokenCount()
{
    m_tokens->setVisible(m_tokenLimit > 0);
    if (m_tokenLimit <= 0)
        return;
    const QString text = m_prompt->toPlainText();
    int n = 0;
    bool exact = false;
    QString ignored; // the words past the limit, when the exact tokenizer says some are cut off
    if (!m_tokenizerModel.isEmpty()) {
        try {
            const TokenizeResult r = tokenizePrompt(m_tokenizerModel.toStdString(), text.toStdString());
            n = r.count;
            exact = true;
            const std::size_t kept = r.limit > 2 ? static_cast<std::size_t>(r.limit - 2) : 0; // start/end
            for (std::size_t i = kept; i < r.tokens.size(); ++i) {
                QString piece = QString::fromStdString(r.tokens[i]);
                if (piece.endsWith(QLatin1String("</w>")))
                    piece = piece.left(piece.size() - 4) + QLatin1Char(' ');
                ignored += piece;
            }
        } catch (const I2vError&) {
            exact = false; // unreadable tokenizer: fall back to the estimate below
        }
    }
    if (!exact)
        n = estimateTokens(text);
    m_tokens->setText(exact ? tr("%1 / %2 tokens").arg(n).arg(m_tokenLimit)
                            : tr("about %1 / %2 tokens (estimate)").arg(n).arg(m_tokenLimit));
    m_tokens->setProperty("over", n > m_tokenLimit);
    QString tip;
    if (n > m_tokenLimit) {
        tip = tr("The model reads only the first %1 tokens; the rest is ignored.").arg(m_tokenLimit);
        if (!ignored.trimmed().isEmpty())
            tip += QLatin1Char('\n') + tr("Ignored: %1").arg(ignored.trimmed());
    }
    m_tokens->setToolTip(tip);
    m_tokens->setStyleSheet(n > m_tokenLimit ? QStringLiteral("color: #e5534b;") : QString());
}

void PromptPanel::reloadTemplates(const QString& selectId)
{
    QSignalBlocker block(m_templates);
    m_templates->clear();
    m_templates->addItem(tr("Choose a template…"), QString());
    const std::string locale = m_locale.toStdString();
    for (const PromptTemplate& t : m_store->builtins())
        m_templates->addItem(QString::fromStdString(t.localizedName(locale)), QString::fromStdString(t.id));
    if (!m_store->teamTemplates().empty()) {
        m_templates->insertSeparator(m_templates->count());
        for (const PromptTemplate& t : m_store->teamTemplates()) {
            m_templates->addItem(tr("%1 (team)").arg(QString::fromStdString(t.localizedName(locale))),
                                 QString::fromStdString(t.id));
            m_templates->setItemData(m_templates->count() - 1, tr("Shared by your team; read-only"), Qt::ToolTipRole);
        }
    }
    if (!m_store->userTemplates().empty()) {
        m_templates->insertSeparator(m_templates->count());
        for (const PromptTemplate& t : m_store->userTemplates())
            m_templates->addItem(themedIcon(QStringLiteral("bookmark")),
                                 QString::fromStdString(t.localizedName(locale)), QString::fromStdString(t.id));
    }
    const int index = selectId.isEmpty() ? 0 : m_templates->findData(selectId);
    m_templates->setCurrentIndex(std::max(0, index));
    m_manage->setEnabled(true); // import works with no templates of one's own yet
}

bool PromptPanel::selectTemplate(const QString& id)
{
    const int index = m_templates->findData(id);
    if (index <= 0)
        return false;
    m_templates->setCurrentIndex(index);
    onTemplateActivated(index);
    return true;
}

void PromptPanel::onTemplateActivated(int index)
{
    const auto t = m_store->find(m_templates->itemData(index).toString().toStdString());
    if (!t)
        return;
    m_prompt->setPlainText(QString::fromStdString(t->localizedPrompt(m_locale.toStdString())));
    m_negative->setPlainText(QString::fromStdString(t->negativePrompt));
    emit templateApplied(*t);
}

void PromptPanel::saveAsTemplate()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save as template"), tr("Template name:"), QLineEdit::Normal,
                                               prompt().left(40), &ok)
                             .trimmed();
    if (!ok || name.isEmpty())
        return;
    PromptTemplate t;
    t.name["en"] = name.toStdString();
    t.name[m_locale.toStdString()] = name.toStdString();
    t.prompt["en"] = prompt().toStdString();
    t.prompt[m_locale.toStdString()] = prompt().toStdString();
    t.negativePrompt = negativePrompt().toStdString();
    if (m_parameters) {
        const QVariantMap values = m_parameters();
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            if (it->typeId() == QMetaType::QString)
                t.choices[it.key().toStdString()] = it->toString().toStdString();
            else if (it->typeId() != QMetaType::Bool)
                t.params[it.key().toStdString()] = it->toDouble();
        }
    }
    try {
        const std::string id = m_store->add(std::move(t));
        reloadTemplates(QString::fromStdString(id));
    } catch (const I2vError& e) {
        emit storeError(QString::fromUtf8(e.what()));
    }
}

void PromptPanel::manageTemplates()
{
    TemplateManagerDialog dialog(m_store, m_locale, this);
    connect(&dialog, &TemplateManagerDialog::storeError, this, &PromptPanel::storeError);
    dialog.exec();
    reloadTemplates();
}

} // namespace ui
} // namespace i2v
