#pragma once
// An inline, non-modal message strip at the top of the window: a translated headline, an optional
// "Details" toggle revealing the technical detail (selectable), and a close button. Kinds: error,
// warning, info. Never blocks the GUI (tests and batch drops keep running).

#include "core/base/error.h"

#include <QFrame>

class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace i2v {
namespace ui {

class ErrorBanner : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Error, Warning, Info };
    explicit ErrorBanner(QWidget* parent = nullptr);

    // Shows ErrorTexts::sentence(error.code) with error.detail as the expandable details.
    void showError(const Error& error);
    void showMessage(Kind kind, const QString& text, const QString& details = {});
    QString text() const;
    QString details() const;
    Kind kind() const { return m_kind; }

private:
    void setKind(Kind kind);

    Kind m_kind = Kind::Info;
    QLabel* m_icon;
    QLabel* m_text;
    QToolButton* m_detailsButton;
    QToolButton* m_closeButton;
    QPlainTextEdit* m_details;
};

} // namespace ui
} // namespace i2v
