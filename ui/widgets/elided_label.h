#pragma once
// A one-line label that never asks for more width than it gets: a long text is elided ("…") to the width
// the layout gives it, with the whole text in the tooltip. Status lines use it so that no message can
// widen the window while it is shown.

#include <QLabel>

namespace i2v {
namespace ui {

class ElidedLabel : public QLabel {
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget* parent = nullptr);

    // The whole text; what is painted is this text elided to the current width.
    void setFullText(const QString& text);
    QString fullText() const { return m_full; }

    // Width hints say "one glyph", so the layout never grows for this label; the height is one line.
    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void updateShown();
    QString m_full;
};

} // namespace ui
} // namespace i2v
