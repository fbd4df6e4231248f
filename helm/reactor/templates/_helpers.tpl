{{/* Chart name. */}}
{{- define "reactor.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full name: release-chart, or the override. */}}
{{- define "reactor.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels selecting the pods of this release. */}}
{{- define "reactor.selectorLabels" -}}
app.kubernetes.io/name: {{ include "reactor.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of every resource. */}}
{{- define "reactor.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "reactor.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* The Orleans labels Kubernetes hosting reads service and cluster ids from. */}}
{{- define "reactor.orleansLabels" -}}
orleans/serviceId: {{ .Values.orleans.serviceId | quote }}
orleans/clusterId: {{ .Values.orleans.clusterId | quote }}
{{- end -}}

{{- define "reactor.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "reactor.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Secret the chart renders with secrets.create. */}}
{{- define "reactor.createdSecretName" -}}
{{- printf "%s-connections" (include "reactor.fullname" .) -}}
{{- end -}}

{{- define "reactor.createdKafkaSecretName" -}}
{{- printf "%s-kafka" (include "reactor.fullname" .) -}}
{{- end -}}

{{/* Secret and key of the Redis connection string. */}}
{{- define "reactor.redisSecret" -}}
{{- if .Values.redis.existingSecret -}}
{{- .Values.redis.existingSecret -}}
{{- else if and .Values.secrets.create .Values.secrets.redisConnectionString -}}
{{- include "reactor.createdSecretName" . -}}
{{- else -}}
{{- fail "redis.existingSecret is required: the Secret holding the Redis connection string of the membership and reminder tables (or secrets.create with secrets.redisConnectionString)" -}}
{{- end -}}
{{- end -}}

{{- define "reactor.redisKey" -}}
{{- if .Values.redis.existingSecret -}}{{ .Values.redis.connectionStringKey }}{{- else -}}redis-connection-string{{- end -}}
{{- end -}}

{{/* Secret and key of the Azure Blob connection string, empty when serviceUri (workload identity) is used. */}}
{{- define "reactor.azureSecret" -}}
{{- if .Values.storage.azureBlob.existingSecret -}}
{{- .Values.storage.azureBlob.existingSecret -}}
{{- else if and .Values.secrets.create .Values.secrets.azureBlobConnectionString -}}
{{- include "reactor.createdSecretName" . -}}
{{- end -}}
{{- end -}}

{{- define "reactor.azureKey" -}}
{{- if .Values.storage.azureBlob.existingSecret -}}{{ .Values.storage.azureBlob.connectionStringKey }}{{- else -}}azure-blob-connection-string{{- end -}}
{{- end -}}

{{/* Secret of secret librdkafka settings, empty when there is none. */}}
{{- define "reactor.kafkaSecret" -}}
{{- if .Values.kafka.existingSecret -}}
{{- .Values.kafka.existingSecret -}}
{{- else if and .Values.secrets.create .Values.secrets.kafka -}}
{{- include "reactor.createdKafkaSecretName" . -}}
{{- end -}}
{{- end -}}

{{/* Refuses values that cannot work, naming the value. */}}
{{- define "reactor.validate" -}}
{{- if not .Values.kafka.bootstrapServers -}}
{{- fail "kafka.bootstrapServers is required: the bootstrap servers of your Kafka cluster" -}}
{{- end -}}
{{- if and (not .Values.storage.azureBlob.serviceUri) (not (include "reactor.azureSecret" .)) -}}
{{- fail "storage.azureBlob.serviceUri (workload identity) or storage.azureBlob.existingSecret (a connection string) is required" -}}
{{- end -}}
{{- if and .Values.storage.azureBlob.serviceUri (include "reactor.azureSecret" .) -}}
{{- fail "set one of storage.azureBlob.serviceUri and storage.azureBlob.existingSecret, not both" -}}
{{- end -}}
{{- if le (int .Values.terminationGracePeriodSeconds) (int .Values.shutdownTimeoutSeconds) -}}
{{- fail (printf "terminationGracePeriodSeconds (%v) must be longer than shutdownTimeoutSeconds (%v), or Kubernetes kills pods before they have flushed and committed" .Values.terminationGracePeriodSeconds .Values.shutdownTimeoutSeconds) -}}
{{- end -}}
{{- $_ := include "reactor.redisSecret" . -}}
{{- end -}}
