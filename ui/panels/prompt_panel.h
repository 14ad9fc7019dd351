#pragma once
// Prompt panel: prompt and negative prompt editors, the template picker (built-in + the user's own, from
// TemplateStore), "Save as template…", "Manage templates…" (rename/delete), and the prompt's token
// count against the engine's limit (an estimate from words and characters, labelled as such).

#include "core/service/prompt_templates.h"

#include <QVariantMap>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace i2v {
class TemplateStore;
}

namespace i2v {
namespace ui {

class PromptPanel : public QWidget {
    Q_OBJECT
public:
    // `store` must outlive the panel. `locale` picks template names/prompts ("zh_CN", "en").
    PromptPanel(TemplateStore* store, const QString& locale, QWidget* parent = nullptr);

    QString prompt() const;
    void setPrompt(const QString& text);
    QString negativePrompt() const;
    void setNegativePrompt(const QString& text);
    // 0 hides the counter. With `tokenizerModel` (a model folder with a tokenizer/), the count is exact
    // (the model's own CLIP tokenizer, read once and cached); otherwise, or if that folder cannot be
    // read, it is an estimate and says so.
    void setTokenLimit(int limit, const QString& tokenizerModel = {});
    QString tokenCountText() const;
    // Supplies the current parameters when the user saves a template.
    void setParametersProvider(std::function<QVariantMap()> provider) { m_parameters = std::move(provider); }

    // Chooses the template with this id (as if picked in the list). False when unknown.
    bool selectTemplate(const QString& id);
    QComboBox* templatePicker() const { return m_templates; }
    // Rough CLIP token count: words and punctuation, CJK characters counted as two tokens each.
    static int estimateTokens(const QString& text);

    // Rebuilds the template list from the store (after the team folder changed); keeps `selectId` chosen.
    void reloadTemplates(const QString& selectId = {});

signals:
    // A template was picked: its prompt is already in the editor; the window applies the parameters.
    void templateApplied(const i2v::PromptTemplate& t);
    void promptChanged();
    void storeError(const QString& detail);

private:
    void onTemplateActivated(int index);
    void saveAsTemplate();
    void manageTemplates();
    void updateTokenCount();

    TemplateStore* m_store;
    QString m_locale;
    QComboBox* m_templates;
    QToolButton* m_save;
    QToolButton* m_manage;
    QPlainTextEdit* m_prompt;
    QPlainTextEdit* m_negative;
    QLabel* m_tokens;
    int m_tokenLimit = 0;
    QString m_tokenizerModel;
    std::function<QVariantMap()> m_parameters;
};

} // namespace ui
} // namespace i2v
